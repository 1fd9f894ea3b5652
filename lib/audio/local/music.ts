import fs from 'node:fs/promises';
import path from 'node:path';
import type { FfmpegCommand } from 'fluent-ffmpeg';
import { runFfmpeg } from '@/lib/media/ffmpeg';
import { CategorySchema } from '@/lib/strategy';
import { AudioEngineError, type MusicEngine, type MusicRequest } from '../types';
import { composeScore } from './music-score';
import { instrumentsOf, masterGraph, stemsGraph } from './music-synth';

/**
 * Music on this machine, no key: a seeded procedural composer (music-score.ts) following the mood
 * category — tempo, key, scale, instruments and dynamics — rendered by ffmpeg from `aevalsrc`
 * expressions (music-synth.ts). Same request and seed, same bytes.
 *
 * A score is one 8-bar cycle (14–35 s). A piece that fits in it renders in one ffmpeg pass. A
 * longer one renders the cycle once as stems, then loops them with `-stream_loop` under an
 * arrangement (intro, breakdowns), echoes and the master bus — so expression cost stays bounded
 * by the cycle, not the duration, and echoes carry across the loop seam.
 */

export const MIN_MUSIC_SECONDS = 1;
export const MAX_MUSIC_SECONDS = 300;

const ENCODERS: Record<string, string[]> = {
  wav: ['-c:a', 'pcm_s16le'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '192k'],
};
// bitexact keeps ffmpeg's version string out of the container, so equal inputs give equal bytes.
const BITEXACT = ['-fflags', '+bitexact', '-flags:a', '+bitexact'];

const secs = (n: number) => n.toFixed(6);

/**
 * Pass 1 has no real input (its sources are in the graph), but fluent-ffmpeg insists on one when
 * progress is watched; an unmapped, tenth-of-a-second lavfi silence costs nothing.
 */
const withPlaceholderInput = (c: FfmpegCommand) => c.input('anullsrc=r=44100:cl=stereo').inputOptions(['-f', 'lavfi', '-t', '0.1']);

export class LocalMusicEngine implements MusicEngine {
  readonly name = 'local';
  readonly local = true;
  readonly note = 'procedural composer: follows the mood category, instrumental only';

  async compose(
    request: MusicRequest,
    outputFile: string,
    signal?: AbortSignal,
    options: { onProgress?: (percent: number) => void } = {},
  ): Promise<{ extension: string; details: Record<string, unknown> }> {
    const duration = request.durationSeconds;
    if (!Number.isFinite(duration) || duration < MIN_MUSIC_SECONDS || duration > MAX_MUSIC_SECONDS) {
      throw new AudioEngineError(`music duration must be between ${MIN_MUSIC_SECONDS} and ${MAX_MUSIC_SECONDS} seconds (got ${duration})`);
    }
    const category = CategorySchema.safeParse(request.moodCategory);
    if (!category.success) throw new AudioEngineError(`unknown mood category ${String(request.moodCategory)}`);
    const extension = path.extname(outputFile).slice(1).toLowerCase();
    const encoder = ENCODERS[extension];
    if (!encoder) throw new AudioEngineError(`the local composer writes .wav or .mp3, not "${path.basename(outputFile)}"`);

    const score = composeScore(category.data, request.mood, request.seed ?? request.prompt);
    const span = Math.min(duration, score.cycleSeconds);
    const looped = duration > score.cycleSeconds + 1e-6;
    const output = ['-ar', '44100', '-ac', '2', ...encoder, ...BITEXACT, '-t', secs(duration), '-y'];
    const { onProgress } = options;
    const progress = (from: number, to: number) => onProgress && ((p: number) => onProgress(Math.floor(from + ((to - from) * p) / 100)));
    const failureMessage = 'ffmpeg could not render the music';

    // Graphs go through files: a cycle's note tables are tens of kilobytes of expression text.
    const work = await fs.mkdtemp(path.join(path.dirname(outputFile), '.music-'));
    try {
      const stems = stemsGraph(score, span);
      const graphFile = path.join(work, 'stems.graph');
      if (!looped) {
        const labels = stems.stems.map((stem) => ({ stem, label: `[stem_${stem}]` }));
        await fs.writeFile(graphFile, `${stems.graph};${masterGraph(score, duration, labels)}`);
        await runFfmpeg((c) => withPlaceholderInput(c).outputOptions(['-filter_complex_script', graphFile, '-map', '[out]', ...output]).output(outputFile), {
          durationSeconds: duration, signal, onProgress: progress(0, 99), failureMessage,
        });
      } else {
        // Pass 1: the cycle once, one float WAV per stem (no rounding before the master bus).
        await fs.writeFile(graphFile, stems.graph);
        const stemFiles = stems.stems.map((stem) => ({ stem, file: path.join(work, `${stem}.wav`) }));
        await runFfmpeg((c) => {
          let built = withPlaceholderInput(c).outputOptions(['-filter_complex_script', graphFile]);
          for (const { stem, file } of stemFiles) built = built.output(file).outputOptions(['-map', `[stem_${stem}]`, '-c:a', 'pcm_f32le', '-t', secs(span), '-y']);
          return built;
        }, { durationSeconds: span, signal, onProgress: progress(0, 60), failureMessage });
        // Pass 2: loop the stems to the full length and mix.
        const masterFile = path.join(work, 'master.graph');
        await fs.writeFile(masterFile, masterGraph(score, duration, stemFiles.map(({ stem }, i) => ({ stem, label: `[${i}:a]` }))));
        const loops = Math.ceil(duration / score.cycleSeconds) - 1;
        await runFfmpeg((c) => {
          let built = c;
          for (const { file } of stemFiles) built = built.input(file).inputOptions(['-stream_loop', String(loops)]);
          return built.outputOptions(['-filter_complex_script', masterFile, '-map', '[out]', ...output]).output(outputFile);
        }, { durationSeconds: duration, signal, onProgress: progress(60, 99), failureMessage });
      }
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
    options.onProgress?.(100);
    return {
      extension,
      details: {
        engine: 'local',
        category: score.category,
        bpm: score.bpm,
        key: score.key,
        scale: score.scale,
        progression: score.progression,
        instruments: instrumentsOf(score),
        cycleSeconds: Math.round(score.cycleSeconds * 100) / 100,
        looped,
      },
    };
  }
}
