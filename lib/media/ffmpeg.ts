import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import ffmpeg, { type FfmpegCommand, type FfprobeData } from 'fluent-ffmpeg';
import { setting } from '@/lib/config';
import { fontconfigFile } from '@/lib/media/fonts';

/** The only module that touches fluent-ffmpeg. Everything else asks it for probes and renders. */

/**
 * Which ffmpeg build runs. Builds differ (Debian's 5.1 and the npm package's 2018 static build
 * disagree on some filters), so tests run against every build present and operators can pin one.
 */
export type FfmpegBuild = 'system' | 'npm';

export interface BinaryInfo {
  path: string;
  source: FfmpegBuild;
}

export interface FfmpegInfo {
  ffmpeg: BinaryInfo;
  ffprobe: BinaryInfo;
  version: string;
}

const require = createRequire(import.meta.url);

function runs(file: string): boolean {
  try {
    execFileSync(/*turbopackIgnore: true*/ file, ['-version'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && runs(`${dir}/${name}`)) return `${dir}/${name}`;
  }
  return null;
}

function fromNpm(name: 'ffmpeg' | 'ffprobe'): string | null {
  try {
    const pkg = (name === 'ffmpeg' ? require('@ffmpeg-installer/ffmpeg') : require('@ffprobe-installer/ffprobe')) as { path: string };
    return runs(pkg.path) ? pkg.path : null;
  } catch {
    // no binary package for this platform
    return null;
  }
}

function binary(name: 'ffmpeg' | 'ffprobe', build: FfmpegBuild): BinaryInfo | null {
  const found = build === 'system' ? onPath(name) : fromNpm(name);
  return found ? { path: found, source: build } : null;
}

/** The builds this machine can run, system first; the stem tests run against each of them. */
export function availableFfmpegBuilds(): FfmpegBuild[] {
  return (['system', 'npm'] as const).filter((build) => binary('ffmpeg', build) !== null);
}

function requestedBuild(): FfmpegBuild | 'auto' {
  // A value other than auto, system or npm is a ConfigError naming FFMPEG_BUILD.
  return setting('FFMPEG_BUILD');
}

function load(requested: FfmpegBuild | 'auto'): FfmpegInfo {
  const build = requested === 'auto' ? (availableFfmpegBuilds()[0] ?? 'system') : requested;
  const bin = binary('ffmpeg', build);
  if (!bin) throw new MediaError(build === 'system' ? 'no runnable ffmpeg on PATH' : 'the @ffmpeg-installer package has no runnable ffmpeg for this platform');
  // A build without its own ffprobe borrows the other one: probing output is stable across versions.
  const probeBin = binary('ffprobe', build) ?? binary('ffprobe', build === 'system' ? 'npm' : 'system');
  if (!probeBin) throw new MediaError('no runnable ffprobe found');
  ffmpeg.setFfmpegPath(bin.path);
  ffmpeg.setFfprobePath(probeBin.path);
  // ffmpeg inherits this process's environment: libass (subtitles) and drawtext without a fontfile
  // find fonts through fontconfig, which then sees the shipped fonts only, never the machine's.
  process.env.FONTCONFIG_FILE = fontconfigFile();
  const banner = execFileSync(/*turbopackIgnore: true*/ bin.path, ['-version'], { encoding: 'utf8', timeout: 5000 }).split('\n')[0] ?? '';
  return { ffmpeg: bin, ffprobe: probeBin, version: /version (\S+)/.exec(banner)?.[1] ?? 'unknown' };
}

let info: FfmpegInfo | undefined;

/**
 * The build in use, chosen by FFMPEG_BUILD: `npm` by default, the static build that ships inside
 * @ffmpeg-installer, because it is the one every machine has, so renders, stems and probes are the
 * same everywhere and CI tests exactly what users run. `system` takes the distribution's (Debian's
 * 5.1 is newer and has filters the 2018 build lacks, e.g. xfade; nothing here depends on them);
 * `auto` takes the system one when it is on PATH.
 */
export function ffmpegInfo(): FfmpegInfo {
  info ??= load(requestedBuild());
  return info;
}

/**
 * Switches every later probe and render in this process to one build (fluent-ffmpeg's paths are
 * process-wide). For tests and tools that compare builds; the product reads FFMPEG_BUILD once.
 */
export function selectFfmpegBuild(build: FfmpegBuild | 'auto'): FfmpegInfo {
  info = load(build);
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

/** ffmpeg muxers for the ISO-BMFF containers, by the sniffed MIME type. */
const MP4_MUXERS: Record<string, string> = { 'video/mp4': 'mp4', 'video/quicktime': 'mov', 'audio/mp4': 'ipod' };

export const canFaststart = (mime: string) => Object.hasOwn(MP4_MUXERS, mime);

/**
 * Rewrites an MP4/MOV/M4A with its index (moov) in front, copying every stream as it is: no
 * re-encode, so it takes about as long as copying the file. The muxer matches the input's kind,
 * so the brand (and with it the sniffed type) stays the same.
 */
export function remuxFaststart(input: string, output: string, mime: string, signal?: AbortSignal): Promise<void> {
  const muxer = canFaststart(mime) ? MP4_MUXERS[mime] : null;
  if (!muxer) return Promise.reject(new MediaError(`${mime} is not an MP4 or QuickTime container`));
  return runFfmpeg(
    (c) => c.input(input).outputOptions(['-map', '0', '-c', 'copy', '-movflags', '+faststart', '-f', muxer, '-y']).output(output),
    { signal, failureMessage: 'the file could not be rewritten for streaming' },
  );
}
