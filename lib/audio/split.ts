import fs from 'node:fs/promises';
import path from 'node:path';
import { MediaError, probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { AudioEngineError } from './types';

/**
 * Fits a recording under a transcription API's upload limit. A file that already fits is sent as
 * is; anything else is re-encoded to mono 16 kHz MP3 at 48 kbit/s (what Whisper-class models hear
 * anyway: 16 kHz mono; MP3 is the format every OpenAI-compatible server and ElevenLabs accepts, at
 * about 2.7 min per MB, where 16 kHz FLAC gives under 1 min per MB). If that is still too big it
 * is cut into pieces of at most `maxBytes × 0.9`, each cut placed at the middle of a silence when
 * ffmpeg's `silencedetect` finds one in the latter half of the piece, else at the size limit.
 * Each piece is encoded from the source with `-ss/-t`, so its offset is exactly the cut point.
 */

export interface UploadChunk {
  file: string;
  /** Where the piece starts in the original, in seconds. */
  offset: number;
  duration: number;
}

export interface SplitOptions {
  maxBytes: number;
  /** Also keep pieces at most this long (some servers limit duration rather than size). */
  targetSeconds?: number;
  /** Extensions the server accepts as is (e.g. mp3, wav); others are always re-encoded. */
  formats?: string[];
  signal?: AbortSignal;
}

const BITRATE = '48k';
const MARGIN = 0.9;
const SILENCE = 'silencedetect=noise=-35dB:d=0.3';

const encodeOptions = ['-vn', '-map', '0:a:0', '-ac', '1', '-ar', '16000', '-c:a', 'libmp3lame', '-b:a', BITRATE, '-y'];

async function encode(input: string, output: string, signal: AbortSignal | undefined, range?: { start: number; length: number }) {
  await runFfmpeg(
    (c) => {
      c.input(input);
      if (range) c.inputOptions(['-ss', range.start.toFixed(3), '-t', range.length.toFixed(3)]);
      return c.outputOptions(encodeOptions).output(output);
    },
    { signal, failureMessage: 'the audio could not be prepared for upload' },
  );
}

async function measured(file: string): Promise<{ bytes: number; duration: number }> {
  const [stat, info] = await Promise.all([fs.stat(file), probe(file)]);
  return { bytes: stat.size, duration: info.durationSeconds ?? 0 };
}

/** Silences ffmpeg hears in the file, as [start, end] in seconds. */
export async function findSilences(file: string, signal?: AbortSignal): Promise<Array<{ start: number; end: number }>> {
  const found: Array<{ start: number; end: number }> = [];
  let open: number | null = null;
  await runFfmpeg(
    (c) =>
      c
        .input(file)
        .outputOptions(['-vn', '-af', SILENCE, '-f', 'null'])
        .output('-')
        .on('stderr', (line: string) => {
          const start = /silence_start: (-?[\d.]+)/.exec(line);
          const end = /silence_end: ([\d.]+)/.exec(line);
          if (start) open = Math.max(0, Number(start[1]));
          if (end && open !== null) {
            found.push({ start: open, end: Number(end[1]) });
            open = null;
          }
        }),
    { signal, failureMessage: 'the audio could not be analysed for silences' },
  );
  return found;
}

/**
 * Cut points (starting with 0) so no piece is longer than `maxSeconds`: each cut goes at the
 * latest silence middle in the second half of the piece, else at the limit; a remainder shorter
 * than a second is avoided by cutting that much earlier.
 */
export function planCuts(duration: number, maxSeconds: number, silences: Array<{ start: number; end: number }>): number[] {
  const cuts = [0];
  let start = 0;
  while (duration - start > maxSeconds) {
    const limit = start + maxSeconds;
    const earliest = start + maxSeconds / 2;
    const quiet = silences
      .filter((s) => s.start < limit)
      .map((s) => Math.min((s.start + s.end) / 2, limit))
      .filter((m) => m > earliest);
    let cut = quiet.length ? Math.max(...quiet) : limit;
    if (duration - cut < 1) cut = Math.max(earliest, duration - 1);
    cut = Math.round(cut * 1000) / 1000;
    cuts.push(cut);
    start = cut;
  }
  return cuts;
}

export async function splitForUpload(file: string, dir: string, options: SplitOptions): Promise<UploadChunk[]> {
  const { maxBytes, targetSeconds, signal } = options;
  let source: { bytes: number; duration: number };
  try {
    const info = await probe(file);
    if (!info.hasAudio) throw new AudioEngineError('the file has no audio track to transcribe');
    source = { bytes: (await fs.stat(file)).size, duration: info.durationSeconds ?? 0 };
  } catch (err) {
    if (err instanceof MediaError) throw new AudioEngineError('the file could not be read as audio');
    throw err;
  }
  const fits = (m: { bytes: number; duration: number }) => m.bytes <= maxBytes && (!targetSeconds || m.duration <= targetSeconds);
  const extension = path.extname(file).slice(1).toLowerCase();
  if (fits(source) && (!options.formats || options.formats.includes(extension))) return [{ file, offset: 0, duration: source.duration }];

  const compact = path.join(dir, 'upload.mp3');
  await encode(file, compact, signal);
  const whole = await measured(compact);
  if (fits(whole)) return [{ file: compact, offset: 0, duration: whole.duration }];

  const bytesPerSecond = whole.bytes / Math.max(whole.duration, 0.001);
  const maxSeconds = Math.min(Math.floor((maxBytes * MARGIN) / bytesPerSecond), targetSeconds ?? Infinity);
  if (maxSeconds < 2) throw new AudioEngineError(`an upload limit of ${maxBytes} bytes is too small to split audio into`);
  const cuts = planCuts(whole.duration, maxSeconds, await findSilences(compact, signal));

  const chunks: UploadChunk[] = [];
  for (const [i, start] of cuts.entries()) {
    const end = cuts[i + 1] ?? (source.duration || whole.duration);
    const out = path.join(dir, `part-${String(i).padStart(3, '0')}.mp3`);
    await encode(file, out, signal, { start, length: end - start });
    const { size } = await fs.stat(out);
    if (size > maxBytes) throw new AudioEngineError(`a piece of the audio came out larger than ${maxBytes} bytes`);
    // The requested length, not the probe: an MP3's probed duration includes encoder padding.
    chunks.push({ file: out, offset: start, duration: end - start });
  }
  await fs.rm(compact, { force: true });
  return chunks;
}
