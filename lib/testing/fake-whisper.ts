import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import busboy from 'busboy';
import { probe } from '@/lib/media/ffmpeg';
import { listenOnLoopback } from '@/lib/testing/loopback';

/**
 * A stand-in for `POST /v1/audio/transcriptions` written from docs/providers.md §8, not from the
 * client. Variant `openai`: Bearer auth, `model` and `file` required, `timestamp_granularities[]`
 * only with `response_format=verbose_json`, 25 MiB uploads, top-level `words` and `usage`.
 * Variant `whisper.cpp`: whisper-server started with `--inference-path /v1/audio/transcriptions
 * --convert` — no auth, `model` ignored, words nested per segment as tokens, no compression_ratio.
 * It recognises nothing: the upload is probed for its duration and "heard" as a fixed script, one
 * word every 0.4 s (2.5 words/s) from 0.2 s, each 0.3 s long, all inside [0, duration). A `prompt`
 * containing "busy" gets one 429 with Retry-After: 0.
 */
export const FAKE_OPENAI_KEY = 'sk-test-fake-whisper';
export const SCRIPT = ['morning', 'light', 'falls', 'across', 'the', 'quiet', 'harbour', 'while', 'gulls', 'circle', 'overhead', 'slowly'];

export interface FakeUpload {
  fields: Record<string, string | string[]>;
  fileBytes: number;
  fileName: string;
  /** What the fake probed, in seconds (null when the file is not media). */
  duration: number | null;
}

export interface FakeWhisper {
  /** Ends with /v1. */
  base: string;
  requests: FakeUpload[];
  close(): Promise<void>;
}

/** Fields (repeated names become arrays) and the file part; a file over `maxBytes` is counted, not kept. */
export function readMultipart(req: http.IncomingMessage, fileField: string, maxBytes: number): Promise<{ fields: FakeUpload['fields']; file?: { bytes: Buffer | null; size: number; name: string } }> {
  return new Promise((resolve, reject) => {
    const fields: FakeUpload['fields'] = {};
    let file: { bytes: Buffer | null; size: number; name: string } | undefined;
    const bb = busboy({ headers: req.headers });
    bb.on('field', (name, value) => {
      const prev = fields[name];
      fields[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
    });
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= maxBytes) chunks.push(c);
      });
      stream.on('end', () => {
        if (name === fileField) file = { bytes: size <= maxBytes ? Buffer.concat(chunks) : null, size, name: info.filename ?? '' };
      });
    });
    bb.on('close', () => resolve({ fields, file }));
    bb.on('error', reject);
    req.pipe(bb);
  });
}

/** The uploaded media's duration by ffprobe, or null when it is not media. */
export async function probeUpload(bytes: Buffer, name: string): Promise<number | null> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fake-stt-'));
  try {
    const file = path.join(dir, `upload${path.extname(name) || '.bin'}`);
    await fs.writeFile(file, bytes);
    const info = await probe(file);
    return info.hasAudio ? info.durationSeconds : null;
  } catch {
    return null;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The fixed script laid over `duration` seconds. */
export function scriptWords(duration: number): Array<{ word: string; start: number; end: number }> {
  const words = [];
  for (let i = 0; 0.2 + i * 0.4 + 0.3 <= duration; i++) {
    const start = Math.round((0.2 + i * 0.4) * 1000) / 1000;
    words.push({ word: SCRIPT[i % SCRIPT.length], start, end: Math.round((start + 0.3) * 1000) / 1000 });
  }
  return words;
}

const LANGUAGES: Record<string, string> = { en: 'english', fr: 'french', de: 'german', es: 'spanish' };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);
const oaiError = (message: string, type = 'invalid_request_error', param: string | null = null, code: string | null = null) => ({ error: { message, type, param, code } });

function verbose(variant: 'openai' | 'whisper.cpp', duration: number, language: string, withWords: boolean) {
  const words = scriptWords(duration);
  const groups = new Map<number, typeof words>();
  for (const w of words) groups.set(Math.floor(w.start / 5), [...(groups.get(Math.floor(w.start / 5)) ?? []), w]);
  const text = words.map((w) => w.word).join(' ');
  const segments = [...groups.values()].map((ws, id) => {
    const base = { id, seek: 0, start: ws[0].start, end: ws[ws.length - 1].end, text: ` ${ws.map((w) => w.word).join(' ')}`, tokens: ws.map((_, i) => 1000 + i), temperature: 0, avg_logprob: -0.25 };
    if (variant === 'openai') return { ...base, compression_ratio: 1.2, no_speech_prob: 0.01 };
    // whisper.cpp: token pieces with leading spaces; long words arrive as two pieces.
    const tokens = ws.flatMap((w) => {
      if (w.word.length < 6) return [{ word: ` ${w.word}`, start: w.start, end: w.end, t_dtw: -1, probability: 0.9 }];
      const mid = Math.round(((w.start + w.end) / 2) * 1000) / 1000;
      return [
        { word: ` ${w.word.slice(0, 3)}`, start: w.start, end: mid, t_dtw: -1, probability: 0.9 },
        { word: w.word.slice(3), start: mid, end: w.end, t_dtw: -1, probability: 0.9 },
      ];
    });
    return { ...base, words: tokens, no_speech_prob: 0.01 };
  });
  if (variant === 'whisper.cpp') return { task: 'transcribe', language, duration, text: ` ${text}`, segments, detected_language: language, detected_language_probability: 0.97 };
  return { task: 'transcribe', language, duration, text, segments, ...(withWords ? { words } : {}), usage: { type: 'duration', seconds: Math.ceil(duration) } };
}

export async function startFakeWhisper(options: { variant?: 'openai' | 'whisper.cpp'; maxBytes?: number } = {}): Promise<FakeWhisper> {
  const variant = options.variant ?? 'openai';
  const maxBytes = options.maxBytes ?? 26_214_400;
  const requests: FakeUpload[] = [];
  let busyOnce = true;
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  const fail = (res: http.ServerResponse, status: number, message: string, param: string | null = null) =>
    json(res, status, variant === 'openai' ? oaiError(message, status >= 500 || status === 413 ? 'server_error' : 'invalid_request_error', param) : { error: message });

  const server = http.createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') return fail(res, 404, `Invalid URL (${req.method} ${req.url})`);
    if (variant === 'openai' && req.headers.authorization !== `Bearer ${FAKE_OPENAI_KEY}`) {
      return json(res, 401, oaiError('Incorrect API key provided.', 'invalid_request_error', null, 'invalid_api_key'));
    }
    if (!String(req.headers['content-type']).startsWith('multipart/form-data')) return fail(res, 400, 'Expected multipart/form-data');
    const { fields, file } = await readMultipart(req, 'file', maxBytes);
    requests.push({ fields, fileBytes: file?.size ?? 0, fileName: file?.name ?? '', duration: null });
    const seen = requests[requests.length - 1];
    if (file && file.size > maxBytes) return fail(res, 413, `Maximum content size limit (${maxBytes}) exceeded (${file.size} bytes read)`);
    if (String(one(fields.prompt) ?? '').includes('busy') && busyOnce) {
      busyOnce = false;
      return json(res, 429, oaiError('Rate limit reached for requests', 'requests', null, 'rate_limit_exceeded'), { 'retry-after': '0' });
    }
    if (!file?.bytes) return fail(res, 400, "1 validation error for Request\nbody -> file\n  field required", 'file');
    const format = one(fields.response_format) ?? 'json';
    const granularities = [fields['timestamp_granularities[]'] ?? []].flat();
    if (variant === 'openai') {
      const model = one(fields.model);
      if (!model) return fail(res, 400, 'you must provide a model parameter', 'model');
      if (!['json', 'text', 'srt', 'verbose_json', 'vtt'].includes(format)) return fail(res, 400, `Invalid value for response_format: '${format}'`, 'response_format');
      if (model.startsWith('gpt-') && format !== 'json' && format !== 'text') return fail(res, 400, `response_format '${format}' is not compatible with model '${model}'`, 'response_format');
      if (granularities.length && format !== 'verbose_json') return fail(res, 400, 'timestamp_granularities requires response_format=verbose_json', 'timestamp_granularities');
      if (granularities.some((g) => g !== 'word' && g !== 'segment')) return fail(res, 400, 'Invalid timestamp_granularities', 'timestamp_granularities');
    }
    if (format === 'srt' || format === 'vtt') return fail(res, 400, `the fake does not produce ${format}`, 'response_format');
    const duration = await probeUpload(file.bytes, file.name);
    seen.duration = duration;
    if (duration === null) return fail(res, 400, 'Invalid file format. Supported formats: flac, m4a, mp3, mp4, mpeg, mpga, oga, ogg, wav, webm', 'file');
    const code = one(fields.language);
    const body = verbose(variant, duration, code ? (LANGUAGES[code] ?? code) : 'english', granularities.includes('word'));
    if (format === 'text') return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`${body.text.trim()}\n`);
    if (format === 'json') return json(res, 200, { text: body.text.trim(), ...('usage' in body ? { usage: body.usage } : {}) });
    return json(res, 200, body);
  });
  const listening = await listenOnLoopback(server);
  return {
    base: `${listening.origin}/v1`,
    requests,
    close: listening.close,
  };
}
