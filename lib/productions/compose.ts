import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MediaError, probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { captionsAss } from './captions';
import { audioGraph, type LoudnessMeasure, measureLoudness } from './compose-audio';
import { filterPath, planShots, type ShotPlan, videoGraph } from './compose-video';
import type { OutputPreset } from './timeline';

// One ffmpeg run turns local shots, narration, music and word times into the finished MP4.
// The graph is built in compose-video.ts (shots, transitions, captions) and compose-audio.ts
// (ducking, mix, loudness); this file checks the inputs, runs ffmpeg and reports.

export { TRANSITION_SECONDS, shotStarts } from './compose-video';

export interface ComposeShot {
  file: string;
  kind: 'video' | 'image';
  trimIn: number;
  duration: number;
  transition: 'cut' | 'fade' | 'slide';
  fit: 'crop' | 'pad_blur';
}

export interface ComposeInput {
  preset: OutputPreset;
  /** Exact output duration, seconds. */
  duration: number;
  /**
   * In order. Shot i starts where shot i-1 ends, minus TRANSITION_SECONDS when shot i enters
   * with a fade or slide (the overlap is taken from the incoming shot's head); the first shot's
   * transition is ignored. Σ duration − Σ overlaps must equal `duration` (within one frame).
   */
  shots: ComposeShot[];
  narration?: { file: string; gainDb: number } | null;
  music?: { file: string; gainDb: number } | null;
  captions?: {
    style: 'word_highlight' | 'line' | 'none';
    position: 'bottom' | 'middle' | 'top';
    size: number;
    highlightColor: string;
    words: Array<{ word: string; start: number; end: number }>;
  } | null;
}

export interface ComposeResult {
  width: number;
  height: number;
  fps: number;
  durationSeconds: number;
  /** Every ffmpeg argument of the final pass, output last: a benchmark can replay the bare command. */
  ffmpegArgs: string[];
}

export interface ComposeOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** Where the caption file goes; a private temp folder (removed afterwards) when unset. */
  workDir?: string;
}

/** ffmpeg's own reason from its stderr, as one line: the last line that reads like an error. */
export function ffmpegReason(stderrTail: string): string {
  const lines = stderrTail
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(frame=|size=|video:|Conversion failed|ffmpeg exited with code|Fontconfig)/.test(l) && !/^\s*(Stream|Input|Output|Duration|Metadata|encoder|major_brand|Side data)\b/.test(l));
  const errorLike = lines.filter((l) => /error|invalid|no such|cannot|could not|not found|failed|unable|unknown|does not|too |mismatch/i.test(l));
  const reason = (errorLike.at(-1) ?? lines.at(-1) ?? 'ffmpeg failed').replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/, '');
  return reason.replace(/\s+/g, ' ').slice(0, 300);
}

async function checkShots(shots: ComposeShot[]): Promise<void> {
  await Promise.all(
    shots.map(async (shot, i) => {
      const info = await probe(shot.file).catch(() => {
        throw new MediaError(`shot ${i + 1} (${path.basename(shot.file)}) could not be read as ${shot.kind === 'image' ? 'an image' : 'a video'}`);
      });
      if (!info.hasVideo) throw new MediaError(`shot ${i + 1} (${path.basename(shot.file)}) has no picture`);
      if (shot.kind === 'video' && info.durationSeconds !== null && shot.trimIn >= info.durationSeconds) {
        throw new MediaError(`shot ${i + 1} starts at ${shot.trimIn} s but its clip lasts ${info.durationSeconds.toFixed(2)} s`);
      }
    }),
  );
}

interface Arg {
  file: string;
  options: string[];
}

function inputsOf(input: ComposeInput, plans: ShotPlan[]): Arg[] {
  // Decoding is bounded a little past what each shot needs; the graph trims by frame count.
  const args: Arg[] = plans.map(({ shot, frames }) => {
    const seconds = (frames / input.preset.fps + 0.5).toFixed(3);
    return shot.kind === 'image'
      ? { file: shot.file, options: ['-loop', '1', '-framerate', '1', '-t', seconds] }
      : { file: shot.file, options: ['-ss', shot.trimIn.toFixed(3), '-t', seconds] };
  });
  if (input.narration) args.push({ file: input.narration.file, options: [] });
  if (input.music) args.push({ file: input.music.file, options: ['-stream_loop', '-1'] });
  return args;
}

/** Composes the production in one ffmpeg pass (after an audio-only loudness measurement). */
export async function composeProduction(input: ComposeInput, outFile: string, opts: ComposeOptions = {}): Promise<ComposeResult> {
  const { preset } = input;
  if (input.shots.length === 0) throw new MediaError('a production needs at least one shot');
  if (!(input.duration > 0)) throw new MediaError('a production needs a positive duration');
  const plans = planShots(input.shots, input.duration, preset.fps);
  const totalFrames = Math.round(input.duration * preset.fps);
  const seconds = totalFrames / preset.fps;
  await checkShots(input.shots);

  const ownDir = opts.workDir ? null : await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-compose-'));
  const workDir = opts.workDir ?? (ownDir as string);
  const assFile = path.join(workDir, `${path.basename(outFile)}.captions.ass`);
  try {
    const ass = input.captions ? captionsAss(input.captions, preset) : null;
    if (ass) await fs.writeFile(assFile, ass);
    const inputs = inputsOf(input, plans);
    const narrationIndex = input.narration ? plans.length : null;
    const musicIndex = input.music ? plans.length + (input.narration ? 1 : 0) : null;
    const audio = { narration: input.narration ?? null, music: input.music ?? null, narrationIndex, musicIndex, seconds };
    const run = (inputList: Arg[], args: string[], extra: Partial<Parameters<typeof runFfmpeg>[1]> = {}, onLine?: (line: string) => void) =>
      runFfmpeg((c) => {
        let cmd = c;
        for (const i of inputList) cmd = cmd.input(i.file).inputOptions(i.options);
        if (onLine) cmd = cmd.on('stderr', onLine);
        return cmd.outputOptions(args.slice(0, -1)).output(args[args.length - 1]);
      }, { signal: opts.signal, ...extra }).catch((err: unknown) => {
        if (err instanceof MediaError && err.message !== 'the render was canceled') throw new MediaError(`the production could not be composed: ${ffmpegReason(err.stderrTail)}`, err.stderrTail);
        throw err;
      });

    // Pass 1 (audio only, a fraction of a second): the mix's loudness, so pass 2 normalises linearly.
    let measured: LoudnessMeasure | null = null;
    if (input.narration || input.music) {
      const lines: string[] = [];
      // Only the sound inputs: with the shots open too, the 2018 build never ended this pass.
      const sound = inputs.slice(plans.length);
      const indexes = { narrationIndex: input.narration ? 0 : null, musicIndex: input.music ? (input.narration ? 1 : 0) : null };
      const graph = audioGraph({ ...audio, ...indexes }, 'measure');
      await run(sound, ['-filter_complex', graph, '-map', '[aout]', '-t', seconds.toFixed(6), '-f', 'null', '-'], {}, (l) => lines.push(l));
      measured = measureLoudness(lines);
    }

    const graph = [videoGraph(plans, preset, ass ? filterPath(assFile) : null), audioGraph(audio, measured)].join(';');
    const args = [
      '-filter_complex', graph,
      '-map', '[vout]', '-map', '[aout]',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '21', '-pix_fmt', 'yuv420p', '-r', String(preset.fps),
      '-c:a', 'aac', '-b:a', '192k', '-ar', '48000', '-ac', '2',
      '-t', seconds.toFixed(6),
      '-movflags', '+faststart', '-y', outFile,
    ];
    await run(inputs, args, {
      durationSeconds: seconds,
      onProgress: opts.onProgress ? (percent) => opts.onProgress?.(percent / 100) : undefined,
    });
    return {
      width: preset.width,
      height: preset.height,
      fps: preset.fps,
      durationSeconds: seconds,
      ffmpegArgs: [...inputs.flatMap((i) => [...i.options, '-i', i.file]), ...args],
    };
  } finally {
    if (ownDir) await fs.rm(ownDir, { recursive: true, force: true });
    else await fs.rm(assFile, { force: true });
  }
}
