import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MediaError, runFfmpeg } from '@/lib/media/ffmpeg';
import { FontError, shippedFonts } from '@/lib/media/fonts';
import { aspectDimensions, AspectRatioSchema, CameraMovementSchema, LightingSchema } from '@/lib/strategy';
import { CAMERA_MOVES, CANVAS_MARGIN, type CameraMove } from './camera';
import { GRADES, needsBloom } from './grade';
import { SPRITE_FRAMES, SPRITE_WIDTH } from '@/lib/media/sprite';
import { proceduralSceneFilters, SCENE_FPS, sceneSize, titleLines } from './scene';

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
    /** The prompt drawn over a text-to-video clip; a production's shots leave it out (they get captions). */
    titleCard: z.boolean().default(true),
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
/** Text-to-video frames its camera on a canvas this fraction of the output, then scales up once. */
const CAMERA_SCALE = 1 / 3;
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

/** Where each corner of the camera's window reads from, as ffmpeg's perspective filter takes it (sense=source). */
function cameraCorners(move: CameraMove, durationSeconds: number): string {
  // perspective counts input frames from 1; the scene arrives at FPS.
  const t = (expr: string) => `(${expr.replace(/\bD\b/g, num(durationSeconds)).replace(/\bt\b/g, `((in-1)/${FPS})`)})`;
  const z = t(move.zoom);
  const a = move.angle ? t(move.angle) : null;
  const clamp = (e: string) => `max(0,min(1,${t(e)}))`;
  // The window is the canvas shrunk by CANVAS_MARGIN × zoom, placed by (fx, fy) in the spare margin;
  // u, v: its centre relative to the canvas centre. A rotation turns the canvas about its centre.
  const u = `(W-W/(${CANVAS_MARGIN}*${z}))*(${clamp(move.fx)}-0.5)`;
  const v = `(H-H/(${CANVAS_MARGIN}*${z}))*(${clamp(move.fy)}-0.5)`;
  const corner = (sx: number, sy: number) => {
    const du = `${u}${sx < 0 ? '-' : '+'}W/(${2 * CANVAS_MARGIN}*${z})`;
    const dv = `${v}${sy < 0 ? '-' : '+'}H/(${2 * CANVAS_MARGIN}*${z})`;
    if (!a) return [`W/2+${du}`, `H/2+${dv}`];
    return [`W/2+(${du})*cos(${a})+(${dv})*sin(${a})`, `H/2-(${du})*sin(${a})+(${dv})*cos(${a})`];
  };
  const corners = [corner(-1, -1), corner(1, -1), corner(-1, 1), corner(1, 1)];
  return corners.flatMap(([x, y], i) => [`x${i}='${x}'`, `y${i}='${y}'`]).join(':');
}

/** The glow of bloom: a blurred copy screened over the picture, blurred at a quarter of the output size. */
function bloom(from: string, to: string, size: { w: number; h: number }, output: { width: number; height: number }): string[] {
  return [
    `[${from}]split[base][glow]`,
    `[glow]scale=${even(output.width / 4)}:${even(output.height / 4)},boxblur=6:2,scale=${size.w}:${size.h}[soft]`,
    `[base][soft]blend=all_mode=screen:all_opacity=0.45[${to}]`,
  ];
}

/**
 * Builds the filter graph. Text-to-video: the low-resolution procedural source → grade → the
 * canvas at CAMERA_SCALE of the output → camera (one perspective pass: zoom, rotation and framing
 * with sub-pixel precision) → motion blur, bloom, vignette → scaled to the output → title, fades.
 * The scene is soft (36 px on its short side), so every step before the title runs on a ninth of
 * the output's pixels without losing detail. An image is framed at full resolution instead:
 * source → canvas (CANVAS_MARGIN × output) → rotation → zoompan or crop → grade → bloom, vignette,
 * title, fades.
 */
function filterGraph(input: z.infer<typeof LocalRenderInputSchema>, width: number, height: number, title: { file: string; font: string } | null, previews: boolean): string {
  const d = input.durationSeconds;
  const move = CAMERA_MOVES[input.cameraMovement];
  const graph: string[] = [];
  let last = 'framed';
  const finish: string[] = [];

  if (input.generationType === 'text_to_video') {
    const camera = { w: even(width * CAMERA_SCALE), h: even(height * CAMERA_SCALE) };
    const chain = [
      proceduralSceneFilters(input.seed ?? input.prompt),
      GRADES[input.lighting],
      `scale=${camera.w}:${camera.h}:flags=bicubic`,
      'format=yuv420p',
      `fps=${FPS}`,
      `perspective=${cameraCorners(move, d)}:interpolation=linear:sense=source:eval=frame`,
    ];
    if (move.motionBlur) chain.push('tmix=frames=3');
    graph.push(`[0:v]${chain.join(',')}[framed]`);
    if (needsBloom(input.lighting)) {
      graph.push(...bloom('framed', 'bloomed', camera, { width, height }));
      last = 'bloomed';
    }
    finish.push('vignette=PI/5:eval=init', `scale=${width}:${height}:flags=bicubic`);
  } else {
    const canvasW = even(width * CANVAS_MARGIN);
    const canvasH = even(height * CANVAS_MARGIN);
    const t = (expr: string, timeVar: string) => expr.replace(/\bD\b/g, num(d)).replace(/\bt\b/g, timeVar);
    const chain = [`scale=${canvasW}:${canvasH}:force_original_aspect_ratio=increase:flags=bicubic`, `crop=${canvasW}:${canvasH}`, 'setsar=1'];
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
    chain.push(GRADES[input.lighting]);
    graph.push(`[0:v]${chain.join(',')}[framed]`);
    if (needsBloom(input.lighting)) {
      graph.push(...bloom('framed', 'bloomed', { w: width, h: height }, { width, height }));
      last = 'bloomed';
    }
    finish.push('vignette=PI/5:eval=init');
  }

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
  // A text_to_video clip has its title card unless asked not to; without the shipped font the render fails.
  let title: { file: string; font: string } | null = null;
  if (input.generationType === 'text_to_video' && input.titleCard) {
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
