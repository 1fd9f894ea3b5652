import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ProviderError } from '@/lib/providers/http';
import { downloadToFile, OutboundError } from '@/lib/net/outbound';
import { AudioEngineError } from '../types';

/** Plumbing shared by the external audio adapters: errors, byte responses, downloads, waiting. */

/** A generous cap on any audio file a provider sends back (10 min of WAV is ~100 MB). */
export const MAX_AUDIO_BYTES = 300 * 1024 * 1024;

/**
 * The provider's own words from an error body that the provider HTTP client (lib/providers/http.ts) flattened to JSON text:
 * OpenAI's `{"error":{"message":…}}` (already unwrapped to its inner object), ElevenLabs'
 * `{"detail":{"message":…}}` or `{"detail":"…"}`, or a validation list `[{"msg":…}]`.
 */
function readable(message: string): string {
  if (!/^[[{]/.test(message.trim())) return message;
  try {
    const parsed = JSON.parse(message) as unknown;
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    if (first && typeof first === 'object') {
      const o = first as { message?: unknown; msg?: unknown; detail?: unknown };
      for (const text of [o.message, o.msg, o.detail]) if (typeof text === 'string' && text) return text;
    }
    if (Array.isArray(parsed)) return parsed.map(String).join('; ');
  } catch {
    // lib/providers/http.ts cuts long bodies: find the message in the truncated text.
    const m = /"(?:message|msg)":("(?:[^"\\]|\\.)*")/.exec(message);
    if (m) return JSON.parse(m[1]) as string;
  }
  return message;
}

/** Every failure leaves an adapter as an AudioEngineError naming the provider, with its kind. */
export function toAudioError(err: unknown, provider: string): AudioEngineError {
  if (err instanceof AudioEngineError) return err;
  if (err instanceof ProviderError) {
    const status = err.status ? ` (HTTP ${err.status})` : '';
    return new AudioEngineError(`${provider}: ${readable(err.message)}${status}`, err.kind);
  }
  if (err instanceof OutboundError) {
    const transient = err.code === 'timeout' || (err.code === 'http_error' && (err.status ?? 500) >= 500);
    return new AudioEngineError(`${provider}: the result could not be downloaded: ${err.message}`, transient ? 'transient' : 'permanent');
  }
  if ((err as Error)?.name === 'AbortError') return new AudioEngineError(`${provider}: canceled`, 'transient');
  return new AudioEngineError(`${provider}: ${(err as Error)?.message ?? String(err)}`, 'transient');
}

/** Runs an adapter body and converts whatever it throws. */
export async function guarded<T>(provider: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toAudioError(err, provider);
  }
}

const canceled = (provider: string) => new AudioEngineError(`${provider}: canceled`, 'transient');

/**
 * lib/providers/http.ts takes no AbortSignal, so an in-flight request cannot be stopped; the caller is
 * released as soon as the signal fires and the late answer is ignored.
 */
export function withSignal<T>(work: Promise<T>, signal: AbortSignal | undefined, provider: string): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(canceled(provider));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(canceled(provider));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function sleep(ms: number, signal: AbortSignal | undefined, provider: string): Promise<void> {
  if (signal?.aborted) return Promise.reject(canceled(provider));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(canceled(provider));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Streams an audio response body to `file`, refusing JSON (an error or a non-audio answer) and oversize bodies. */
export async function saveAudioResponse(res: Response, file: string, provider: string, signal?: AbortSignal): Promise<number> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json') || type.startsWith('text/')) {
    const text = (await res.text()).slice(0, 300);
    throw new AudioEngineError(`${provider}: expected audio but got ${type || 'no content type'}: ${readable(text)}`, 'permanent');
  }
  if (!res.body) throw new AudioEngineError(`${provider}: the response carried no audio`, 'transient');
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > MAX_AUDIO_BYTES) done(new AudioEngineError(`${provider}: the audio is over ${MAX_AUDIO_BYTES} bytes`, 'permanent'));
      else done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(res.body as unknown as WebReadableStream), cap, createWriteStream(file), { signal });
  if (bytes === 0) throw new AudioEngineError(`${provider}: the provider returned an empty file`, 'transient');
  return bytes;
}

/** Fetches a URL a provider handed back, through the SSRF-guarded downloader. */
export async function downloadAudio(url: string, file: string, provider: string, signal?: AbortSignal): Promise<number> {
  const { bytes } = await withSignal(downloadToFile(url, file, { maxBytes: MAX_AUDIO_BYTES, timeoutMs: 5 * 60_000 }), signal, provider);
  if (bytes === 0) throw new AudioEngineError(`${provider}: the provider's file was empty`, 'transient');
  return bytes;
}

/** Providers take integer seeds; ours are strings. Digits pass through (mod `range`), anything else is hashed. */
export function numericSeed(seed: string | undefined, range = 4_294_967_295): number | undefined {
  if (seed === undefined || seed === '') return undefined;
  if (/^\d+$/.test(seed)) return Number(BigInt(seed) % BigInt(range));
  return createHash('sha256').update(seed).digest().readUInt32BE(0) % range;
}

/** The file extension for an audio URL or content type, mp3 when it cannot tell. */
export function audioExtension(urlOrType: string | null | undefined): string {
  const m = /\.(mp3|wav|flac|ogg|opus|m4a|aac)(?:$|[?#])/i.exec(urlOrType ?? '') ?? /audio\/(?:x-)?(mpeg|wav|wave|flac|ogg|opus|aac)/i.exec(urlOrType ?? '');
  if (!m) return 'mp3';
  const ext = m[1].toLowerCase();
  return ext === 'mpeg' ? 'mp3' : ext === 'wave' ? 'wav' : ext;
}
