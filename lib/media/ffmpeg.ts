import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import ffmpeg, { type FfmpegCommand, type FfprobeData } from 'fluent-ffmpeg';

/** The only module that touches fluent-ffmpeg. Everything else asks it for probes and renders. */

export interface BinaryInfo {
  path: string;
  source: 'system' | 'npm';
}

export interface FfmpegInfo {
  ffmpeg: BinaryInfo;
  ffprobe: BinaryInfo;
  version: string;
}

const require = createRequire(import.meta.url);

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!dir) continue;
    try {
      execFileSync(/*turbopackIgnore: true*/ `${dir}/${name}`, ['-version'], { stdio: 'ignore', timeout: 5000 });
      return `${dir}/${name}`;
    } catch {
      // not here, or not runnable
    }
  }
  return null;
}

function resolveBinary(name: 'ffmpeg' | 'ffprobe'): BinaryInfo {
  const system = onPath(name);
  if (system) return { path: system, source: 'system' };
  const pkg = (name === 'ffmpeg' ? require('@ffmpeg-installer/ffmpeg') : require('@ffprobe-installer/ffprobe')) as { path: string };
  return { path: pkg.path, source: 'npm' };
}

let info: FfmpegInfo | undefined;

export function ffmpegInfo(): FfmpegInfo {
  if (info) return info;
  const bin = resolveBinary('ffmpeg');
  const probeBin = resolveBinary('ffprobe');
  ffmpeg.setFfmpegPath(bin.path);
  ffmpeg.setFfprobePath(probeBin.path);
  const banner = execFileSync(/*turbopackIgnore: true*/ bin.path, ['-version'], { encoding: 'utf8', timeout: 5000 }).split('\n')[0] ?? '';
  info = { ffmpeg: bin, ffprobe: probeBin, version: /version (\S+)/.exec(banner)?.[1] ?? 'unknown' };
  return info;
}

export interface ProbeResult {
  formatName: string;
  durationSeconds: number | null;
  sizeBytes: number | null;
  bitRate: number | null;
  hasVideo: boolean;
  hasAudio: boolean;
  videoCodec: string | null;
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  sampleRate: number | null;
  channels: number | null;
}

const num = (v: unknown): number | null => {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : NaN;
  return Number.isFinite(n) ? n : null;
};

function frameRate(rate: string | undefined): number | null {
  if (!rate) return null;
  const [a, b] = rate.split('/').map(Number);
  return b ? Math.round((a / b) * 1000) / 1000 : num(a);
}

export function normaliseProbe(data: FfprobeData): ProbeResult {
  const video = data.streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audio = data.streams.find((s) => s.codec_type === 'audio');
  return {
    formatName: data.format.format_name ?? 'unknown',
    durationSeconds: num(data.format.duration) ?? num(video?.duration) ?? num(audio?.duration),
    sizeBytes: num(data.format.size),
    bitRate: num(data.format.bit_rate),
    hasVideo: Boolean(video),
    hasAudio: Boolean(audio),
    videoCodec: video?.codec_name ?? null,
    audioCodec: audio?.codec_name ?? null,
    width: num(video?.width),
    height: num(video?.height),
    fps: frameRate(video?.avg_frame_rate ?? video?.r_frame_rate),
    sampleRate: num(audio?.sample_rate),
    channels: num(audio?.channels),
  };
}

export class MediaError extends Error {
  constructor(
    message: string,
    /** The end of ffmpeg's stderr: for logs and debugging, never shown to a user as the reason. */
    readonly stderrTail = '',
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

export function probe(file: string): Promise<ProbeResult> {
  ffmpegInfo();
  return new Promise((resolve, reject) => {
    ffmpeg.ffprobe(file, (err: Error | null, data: FfprobeData) => {
      if (err) reject(new MediaError('the file could not be read as audio, video or an image', err.message.slice(-2000)));
      else resolve(normaliseProbe(data));
    });
  });
}

export interface RunOptions {
  /** Target output duration, for progress in percent. */
  durationSeconds?: number;
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
  /** What the user is told when ffmpeg fails. */
  failureMessage?: string;
}

function seconds(timemark: string): number {
  const [h, m, s] = timemark.split(':').map(Number);
  return (h || 0) * 3600 + (m || 0) * 60 + (s || 0);
}

/** Runs one ffmpeg command built by the caller; resolves when the output is complete. */
export function runFfmpeg(build: (command: FfmpegCommand) => FfmpegCommand, options: RunOptions = {}): Promise<void> {
  ffmpegInfo();
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new MediaError('the render was canceled'));
    const stderr: string[] = [];
    let lastPercent = -1;
    const command = build(ffmpeg());
    const abort = () => command.kill('SIGKILL');
    options.signal?.addEventListener('abort', abort, { once: true });
    command
      .on('stderr', (line: string) => {
        stderr.push(line);
        if (stderr.length > 40) stderr.shift();
      })
      .on('progress', (p: { timemark?: string }) => {
        if (!options.onProgress || !options.durationSeconds || !p.timemark) return;
        const percent = Math.max(0, Math.min(99, Math.floor((seconds(p.timemark) / options.durationSeconds) * 100)));
        if (percent !== lastPercent) {
          lastPercent = percent;
          options.onProgress(percent);
        }
      })
      .on('end', () => {
        options.signal?.removeEventListener('abort', abort);
        options.onProgress?.(100);
        resolve();
      })
      .on('error', (err: Error) => {
        options.signal?.removeEventListener('abort', abort);
        const message = options.signal?.aborted ? 'the render was canceled' : (options.failureMessage ?? 'the media could not be processed');
        reject(new MediaError(message, `${err.message}\n${stderr.join('\n')}`.slice(-4000)));
      })
      .run();
  });
}

/**
 * A poster frame that is not black: AI clips often fade in, so the frame is picked by ffmpeg's
 * `thumbnail` filter from keyframes after the opening, with frame 0 as the last resort.
 */
export async function extractPoster(input: string, output: string, opts: { durationSeconds?: number | null; width?: number } = {}): Promise<void> {
  const width = opts.width ?? 640;
  const start = opts.durationSeconds && opts.durationSeconds > 1.5 ? Math.min(opts.durationSeconds * 0.3, 3) : 0;
  try {
    await runFfmpeg((c) =>
      c.input(input).inputOptions(['-ss', String(start)]).outputOptions(['-frames:v', '1', '-vf', `scale=${width}:-2,thumbnail=24`, '-q:v', '3', '-y']).output(output),
      { failureMessage: 'no poster frame could be extracted' },
    );
  } catch {
    await runFfmpeg((c) => c.input(input).outputOptions(['-frames:v', '1', '-vf', `scale=${width}:-2`, '-q:v', '3', '-y']).output(output), {
      failureMessage: 'no poster frame could be extracted',
    });
  }
}
