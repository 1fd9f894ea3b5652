import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MediaError, runFfmpeg } from '@/lib/media/ffmpeg';
import { FontError, shippedFonts } from '@/lib/media/fonts';
import { aspectDimensions, AspectRatioSchema, CameraMovementSchema, LightingSchema } from '@/lib/strategy';
import { CAMERA_MOVES, CANVAS_MARGIN } from './camera';
import { GRADES, needsBloom } from './grade';
import { SPRITE_FRAMES, SPRITE_WIDTH } from '@/lib/media/sprite';
import { procedualSceneExpression, SCENE_FPS, sceneSize, titleLines } from './scene';

export const LocalRenderInputSchema = z
  .object({
    generationType: z.enum(['text_to_video', 'image_to_video']),
    prompt: z.string().min(1).max(2000),
    cameraMovement: CameraMovementSchema,
    lighting: LightingSchema,
    aspectRatio: AspectRatioSchema,
    durationSeconds: z.number().min(1).max(120),
    imageFile: z.string().optional(),
    seed: z.string().optional(),
  })
  .refine((i) => i.generationType === 'text_to_video' || i.imageFile, { message: 'image_to_video needs an image file', path: ['imageFile'] });
export type LocalRenderInput = z.input<typeof LocalRenderInputSchema>;

export interface LocalRenderResult {
  width: number;
  height: number;
  durationSeconds: number;
  /** Every ffmpeg argument of the render, output last: a benchmark can replay the bare command. */
  ffmpegArgs: string[];
}

const FPS = 30;
const even = (n: number) => Math.round(n / 2) * 2;
const num = (n: number) => n.toFixed(3);

/**
 * A file path as a filter option value inside -filter_complex: escaped for the option parser
 * (\ ' :) and then for the graph parser (\ ' [ ] , ;), so any folder name stays a path.
 */
export const filterPath = (file: string) => file.replace(/[\\':]/g, (c) => `\\${c}`).replace(/[\\'[\],;]/g, (c) => `\\${c}`);

/** The title card's font: shipped with the app (DejaVu Serif from npm), so the title is always drawn. */
function titleFont(): string {
  try {
    return shippedFonts().serif;
  } catch (err) {
    throw new MediaError(`the title card cannot be drawn: ${err instanceof FontError ? err.message : String(err)}`);
  }
}

/**
 * Builds the filter graph: source → grade → canvas (CANVAS_MARGIN × output) → camera → bloom,
 * vignette, title, fades. Grading the low-resolution procedural source costs almost nothing; an
 * image is graded at output size after framing.
 */
function filterGraph(input: z.infer<typeof LocalRenderInputSchema>, width: number, height: number, title: { file: string; font: string } | null, previews: boolean): string {
  const d = input.durationSeconds;
  const canvasW = even(width * CANVAS_MARGIN);
  const canvasH = even(height * CANVAS_MARGIN);
  const move = CAMERA_MOVES[input.cameraMovement];
  const t = (expr: string, timeVar: string) => expr.replace(/\bD\b/g, num(d)).replace(/\bt\b/g, timeVar);
  const chain: string[] = [];

  if (input.generationType === 'text_to_video') {
    chain.push(`geq=${procedualSceneExpression(input.seed ?? input.prompt)}`, GRADES[input.lighting]);
    // Zoomed moves read from a smaller canvas (zoompan rescales anyway); the others crop a full-size one.
    chain.push(move.zoom.includes('t') ? `scale=${even(canvasW * 0.5)}:${even(canvasH * 0.5)}:flags=bicubic` : `scale=${canvasW}:${canvasH}:flags=bicubic`, `fps=${FPS}`);
  } else {
    chain.push(`scale=${canvasW}:${canvasH}:force_original_aspect_ratio=increase:flags=bicubic`, `crop=${canvasW}:${canvasH}`, 'setsar=1');
  }
  if (move.angle) chain.push(`rotate=a='${t(move.angle, 't')}':c=black:ow=iw:oh=ih`);
  if (move.zoom.includes('t')) {
    // zoompan counts output frames; its zoom is relative to the whole canvas, so 1× the move = CANVAS_MARGIN.
    const time = `(on/${FPS})`;
    chain.push(
      `zoompan=z='${CANVAS_MARGIN}*(${t(move.zoom, time)})':x='(iw-iw/zoom)*max(0,min(1,${t(move.fx, time)}))':y='(ih-ih/zoom)*max(0,min(1,${t(move.fy, time)}))':d=1:s=${width}x${height}:fps=${FPS}`,
    );
  } else {
    chain.push(`crop=w=${width}:h=${height}:x='(iw-ow)*max(0,min(1,${t(move.fx, 't')}))':y='(ih-oh)*max(0,min(1,${t(move.fy, 't')}))'`);
    if (move.motionBlur) chain.push('tmix=frames=3');
  }
  if (input.generationType === 'image_to_video') chain.push(GRADES[input.lighting]);

  const graph: string[] = [`[0:v]${chain.join(',')}[framed]`];
  let last = 'framed';
  if (needsBloom(input.lighting)) {
    graph.push(`[framed]split[base][glow]`, `[glow]scale=${even(width / 4)}:${even(height / 4)},boxblur=6:2,scale=${width}:${height}[soft]`, `[base][soft]blend=all_mode=screen:all_opacity=0.45[bloomed]`);
    last = 'bloomed';
  }
  const finish = ['vignette=PI/5:eval=init'];
  if (title) {
    const size = Math.round(Math.min(width, height) / 18);
    const fade = `if(lt(t,0.6),0,if(lt(t,1.2),(t-0.6)/0.6,if(lt(t,${num(d - 0.8)}),1,max(0,(${num(d)}-t)/0.8))))`;
    finish.push(
      `drawtext=fontfile=${filterPath(title.font)}:textfile=${filterPath(title.file)}:expansion=none:fontsize=${size}:fontcolor=white:line_spacing=${Math.round(size / 4)}:box=1:boxcolor=black@0.35:boxborderw=${Math.round(size / 2)}:shadowcolor=black@0.6:shadowx=2:shadowy=2:x=(w-text_w)/2:y=h*0.8-text_h/2:alpha='${fade}'`,
    );
  }
  finish.push(`fade=t=in:st=0:d=0.4`, `fade=t=out:st=${num(Math.max(0, d - 0.4))}:d=0.4`, 'format=yuv420p');
  if (!previews) {
    graph.push(`[${last}]${finish.join(',')}[out]`);
    return graph.join(';');
  }
  // Poster and hover strip come out of the same pass, so the finished clip is never decoded again.
  const posterFrame = Math.round(d * FPS * 0.4);
  graph.push(
    `[${last}]${finish.join(',')},split=3[out][forposter][forsprite]`,
    `[forposter]select='eq(n,${posterFrame})',scale=640:-2[poster]`,
    `[forsprite]fps=${SPRITE_FRAMES}/${num(d)},scale=${SPRITE_WIDTH}:-2,tile=${SPRITE_FRAMES}x1[sprite]`,
  );
  return graph.join(';');
}

function sourceImage(input: { imageFile?: string }): string {
  if (!input.imageFile) throw new MediaError('image-to-video needs the source image');
  return input.imageFile;
}

/** Renders the strategy as a real H.264 MP4 with ffmpeg: the built-in `local` provider. */
export async function renderLocalVideo(
  raw: LocalRenderInput,
  outputFile: string,
  options: { onProgress?: (percent: number) => void; signal?: AbortSignal; previews?: { posterFile: string; spriteFile: string } } = {},
): Promise<LocalRenderResult> {
  const parsed = LocalRenderInputSchema.safeParse(raw);
  if (!parsed.success) throw new MediaError(`invalid render input: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const input = parsed.data;
  const { width, height } = aspectDimensions(input.aspectRatio, 720);
  const d = input.durationSeconds;

  // The title goes through a file so that nothing the user typed is ever parsed as filter syntax.
  // Every text_to_video clip has its title card; without the shipped font the render fails.
  let title: { file: string; font: string } | null = null;
  if (input.generationType === 'text_to_video') {
    const font = titleFont();
    title = { file: path.join(path.dirname(outputFile), `${path.basename(outputFile)}.title.txt`), font };
    await fs.writeFile(title.file, titleLines(input.prompt, width, Math.round(Math.min(width, height) / 18)));
  }
  const { w, h } = sceneSize(width, height);
  const inputArgs =
    input.generationType === 'text_to_video'
      ? ['-f', 'lavfi', '-i', `nullsrc=s=${w}x${h}:r=${SCENE_FPS}:d=${num(d + 0.5)}`]
      : ['-loop', '1', '-framerate', String(FPS), '-t', num(d + 0.5), '-i', sourceImage(input)];
  const outputArgs = [
    '-filter_complex', filterGraph(input, width, height, title, Boolean(options.previews)),
    '-map', '[out]', '-t', num(d), '-r', String(FPS), '-an',
    '-c:v', 'libx264', '-preset', 'superfast', '-crf', '22', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-y',
  ];
  const previewOutputs = options.previews
    ? [
        { file: options.previews.posterFile, args: ['-map', '[poster]', '-frames:v', '1', '-q:v', '3', '-y'] },
        { file: options.previews.spriteFile, args: ['-map', '[sprite]', '-frames:v', '1', '-q:v', '5', '-y'] },
      ]
    : [];
  try {
    await runFfmpeg((c) => {
      const cmd = input.generationType === 'text_to_video' ? c.input(inputArgs[3]).inputOptions(['-f', 'lavfi']) : c.input(sourceImage(input)).inputOptions(inputArgs.slice(0, 6));
      let built = cmd.outputOptions(outputArgs).output(outputFile);
      for (const preview of previewOutputs) built = built.output(preview.file).outputOptions(preview.args);
      return built;
    }, { durationSeconds: d, onProgress: options.onProgress, signal: options.signal, failureMessage: 'ffmpeg could not render the video' });
  } finally {
    if (title) await fs.rm(title.file, { force: true });
  }
  return {
    width,
    height,
    durationSeconds: d,
    ffmpegArgs: [...inputArgs, ...outputArgs, outputFile, ...previewOutputs.flatMap((p) => [...p.args, p.file])],
  };
}
