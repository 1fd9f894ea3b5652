import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import busboy from 'busboy';
import { runFfmpeg } from '@/lib/media/ffmpeg';
import { listenOnLoopback } from '@/lib/testing/loopback';

/**
 * Stand-ins for the external audio APIs, written from docs/providers.md §5, §7, §8 and §9 rather
 * than from the adapters: ElevenLabs TTS + music, OpenAI speech, Stable Audio (multipart), Replicate
 * predictions (a musicgen and a demucs version) and a sunoapi.org-style wrapper, on one server.
 * Each checks its auth header and validates bodies (enums and ranges), and answers with a real
 * 3 s MP3 made once with ffmpeg. Text steers it: "busy" gets one 429 (+ Retry-After: 0) per route
 * and text — on the Suno wrapper, where 429 means "out of credits", one 430 instead — and
 * "forbidden" a policy refusal in the provider's own shape; Suno's "credits" gets code 429 in a
 * 200 body, "early" puts the audio URL on FIRST_SUCCESS.
 */
export const FAKE_AUDIO_KEYS = {
  elevenlabs: 'xi-test-elevenlabs',
  openai: 'sk-test-openai-speech',
  stability: 'sk-test-stable-audio',
  replicate: 'r8_test_audio_token',
  suno: 'suno-test-wrapper-key',
};
export const FAKE_MUSICGEN_VERSION = 'a1'.repeat(32);
export const FAKE_DEMUCS_VERSION = 'd3'.repeat(32);
export const FAKE_AUDIO_SECONDS = 3;

export interface FakeAudioProviders {
  base: string;
  /** Every request to an API route, in order (file downloads excluded). */
  seen: Array<{ method: string; path: string; query: Record<string, string>; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

let mp3: Promise<Buffer> | undefined;
/** A real 3 s stereo MP3, made once per process. */
export function fakeMp3(): Promise<Buffer> {
  mp3 ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fake-audio-'));
    const file = path.join(dir, 'tone.mp3');
    await runFfmpeg((c) => c.input(`sine=frequency=440:duration=${FAKE_AUDIO_SECONDS}`).inputFormat('lavfi').outputOptions(['-ac', '2', '-c:a', 'libmp3lame', '-b:a', '64k']).output(file));
    const bytes = await readFile(file);
    await rm(dir, { recursive: true, force: true });
    return bytes;
  })();
  return mp3;
}

const RATES = [8000, 16000, 22050, 24000, 32000, 44100, 48000];
const ELEVEN_FORMATS = new Set([
  'mp3_22050_32', 'mp3_24000_48', ...[32, 64, 96, 128, 192].map((b) => `mp3_44100_${b}`), ...[32, 64, 96, 128, 192].map((b) => `opus_48000_${b}`),
  ...RATES.map((r) => `pcm_${r}`), ...RATES.map((r) => `wav_${r}`), 'ulaw_8000', 'alaw_8000',
]);
const ELEVEN_TTS_MODELS = ['eleven_v3', 'eleven_multilingual_v2', 'eleven_flash_v2_5', 'eleven_flash_v2', 'eleven_turbo_v2_5', 'eleven_turbo_v2'];
const OPENAI_MODELS = ['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts', 'gpt-4o-mini-tts-2025-12-15'];
const OPENAI_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];
const SUNO_MODELS = ['V4', 'V4_5', 'V4_5PLUS', 'V4_5ALL', 'V5'];
const SUNO_STEPS = ['PENDING', 'TEXT_SUCCESS', 'FIRST_SUCCESS', 'SUCCESS'];

type Job = { id: string; kind: 'musicgen' | 'demucs' | 'suno'; text: string; polls: number; canceled?: boolean };

const parseMultipart = (req: http.IncomingMessage): Promise<Record<string, string>> =>
  new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    const bb = busboy({ headers: req.headers });
    bb.on('field', (name, value) => (fields[name] = value));
    bb.on('file', (_name, stream) => stream.resume());
    bb.on('close', () => resolve(fields));
    bb.on('error', reject);
    req.pipe(bb);
  });

const num = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'number' ? v : NaN);

export async function startFakeAudioProviders(): Promise<FakeAudioProviders> {
  const audio = await fakeMp3();
  const jobs = new Map<string, Job>();
  const busyDone = new Set<string>();
  const seen: FakeAudioProviders['seen'] = [];
  let base = '';
  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    void res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  const sendAudio = (res: http.ServerResponse, headers: Record<string, string> = {}) => void res.writeHead(200, { 'content-type': 'audio/mpeg', ...headers }).end(audio);
  /** True the first time a route sees a given "busy" text. */
  const busy = (route: string, text: unknown) => {
    const key = `${route}:${String(text)}`;
    if (!String(text).includes('busy') || busyDone.has(key)) return false;
    busyDone.add(key);
    return true;
  };

  const elevenlabs = (res: http.ServerResponse, route: 'tts' | 'music', query: Record<string, string>, body: Record<string, unknown>) => {
    const bad = (message: string) => send(res, 422, { detail: { status: 'invalid_request', message } });
    if (query.output_format !== undefined && !ELEVEN_FORMATS.has(query.output_format)) return bad(`output_format ${query.output_format} is not supported`);
    const text = route === 'tts' ? body.text : body.prompt;
    if (route === 'tts') {
      if (typeof body.text !== 'string' || !body.text) return bad('text is required');
      if (body.model_id !== undefined && !ELEVEN_TTS_MODELS.includes(String(body.model_id))) return bad('model_id not found');
      const speed = (body.voice_settings as { speed?: unknown } | undefined)?.speed;
      if (speed !== undefined && typeof speed !== 'number') return bad('voice_settings.speed must be a number');
    } else {
      if ((body.prompt === undefined) === (body.composition_plan === undefined)) return bad('exactly one of prompt and composition_plan is required');
      const ms = body.music_length_ms;
      if (ms !== undefined && (!Number.isInteger(ms) || (ms as number) < 3000 || (ms as number) > 600_000)) return bad('music_length_ms must be between 3000 and 600000');
      if (body.model_id !== undefined && !['music_v1', 'music_v2'].includes(String(body.model_id))) return bad('model_id must be music_v1 or music_v2');
      if (body.force_instrumental !== undefined && typeof body.force_instrumental !== 'boolean') return bad('force_instrumental must be a boolean');
    }
    if (busy(`eleven-${route}`, text)) return send(res, 429, { detail: { status: 'system_busy', message: 'The system is experiencing heavy traffic, please try again' } }, { 'retry-after': '0' });
    if (String(text).includes('forbidden')) return send(res, 400, { detail: { status: route === 'music' ? 'bad_prompt' : 'content_against_policy', message: 'This request violates our Terms of Service' } });
    return sendAudio(res);
  };

  const openai = (res: http.ServerResponse, body: Record<string, unknown>) => {
    const bad = (message: string, param: string) => send(res, 400, { error: { message, type: 'invalid_request_error', param, code: null } });
    if (!OPENAI_MODELS.includes(String(body.model))) return bad(`model ${String(body.model)} does not exist`, 'model');
    if (typeof body.input !== 'string' || !body.input || body.input.length > 4096) return bad('input must be 1 to 4096 characters', 'input');
    if (!OPENAI_VOICES.includes(String(body.voice))) return bad(`voice must be one of ${OPENAI_VOICES.join(', ')}`, 'voice');
    if (body.response_format !== undefined && !['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'].includes(String(body.response_format))) return bad('invalid response_format', 'response_format');
    if (body.speed !== undefined && !(typeof body.speed === 'number' && body.speed >= 0.25 && body.speed <= 4)) return bad('speed must be between 0.25 and 4', 'speed');
    if (busy('openai', body.input)) return send(res, 429, { error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } }, { 'retry-after': '0' });
    if (body.input.includes('forbidden')) return send(res, 400, { error: { message: 'Your request was rejected as a result of our safety system', type: 'invalid_request_error', param: 'input', code: 'content_policy_violation' } });
    return sendAudio(res);
  };

  const stability = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const error = (status: number, name: string, message: string, headers?: Record<string, string>) => send(res, status, { id: randomUUID().replace(/-/g, ''), name, errors: [message] }, headers);
    if (!String(req.headers['content-type']).startsWith('multipart/form-data')) return error(400, 'bad_request', 'content-type must be multipart/form-data');
    const accept = String(req.headers.accept ?? '');
    if (!accept.startsWith('audio/') && accept !== 'application/json') return error(400, 'bad_request', 'accept must be audio/* or application/json');
    const fields = await parseMultipart(req);
    seen.push({ method: 'POST', path: req.url ?? '', query: {}, headers: req.headers, body: fields });
    if (!fields.prompt) return error(400, 'bad_request', 'prompt: required');
    if (fields.duration !== undefined && !(num(fields.duration) >= 1 && num(fields.duration) <= 190)) return error(400, 'bad_request', 'duration: must be between 1 and 190');
    if (fields.output_format !== undefined && !['mp3', 'wav'].includes(fields.output_format)) return error(400, 'bad_request', 'output_format: must be mp3 or wav');
    if (fields.seed !== undefined && !(num(fields.seed) >= 0 && num(fields.seed) <= 4294967294)) return error(400, 'bad_request', 'seed: out of range');
    if (busy('stability', fields.prompt)) return error(429, 'rate_limit_exceeded', 'You have exceeded the rate limit of 150 requests within a 10 second period', { 'retry-after': '0' });
    if (fields.prompt.includes('forbidden')) return error(403, 'content_moderation', 'Your request was flagged by our content moderation system');
    const seed = fields.seed ?? '12345';
    if (accept === 'application/json') return send(res, 200, { audio: audio.toString('base64'), finish_reason: 'SUCCESS', seed: Number(seed) });
    return sendAudio(res, { 'finish-reason': 'SUCCESS', seed });
  };

  const prediction = (job: Job) => {
    // Create and the first GET say starting, the next processing, then the end.
    const status = job.canceled ? 'canceled' : job.polls === 0 ? 'starting' : job.polls === 1 ? 'processing' : job.text.includes('forbidden') ? 'failed' : 'succeeded';
    const file = (suffix: string) => `${base}/files/${job.id}${suffix}.mp3`;
    const output = status !== 'succeeded' ? null : job.kind === 'musicgen' ? file('') : { vocals: file('-vocals'), bass: file('-bass'), drums: file('-drums'), other: file('-other'), guitar: null, piano: null };
    return {
      id: job.id,
      version: job.kind === 'musicgen' ? FAKE_MUSICGEN_VERSION : FAKE_DEMUCS_VERSION,
      status,
      output,
      error: status === 'failed' ? 'The input was flagged as sensitive (E005)' : null,
      metrics: status === 'succeeded' ? { predict_time: 4.2 } : {},
      urls: { get: `${base}/v1/predictions/${job.id}`, cancel: `${base}/v1/predictions/${job.id}/cancel` },
    };
  };

  const replicateCreate = (res: http.ServerResponse, body: Record<string, unknown>) => {
    const input = (body.input ?? {}) as Record<string, unknown>;
    const invalid = (detail: string) => send(res, 422, { detail, status: 422, title: 'Input validation failed' });
    let kind: Job['kind'];
    let text = '';
    if (body.version === FAKE_MUSICGEN_VERSION) {
      kind = 'musicgen';
      if (typeof input.prompt !== 'string' || !input.prompt) return invalid('input.prompt is required');
      if (input.duration !== undefined && !(Number.isInteger(input.duration) && (input.duration as number) > 0)) return invalid('input.duration must be a positive integer');
      if (input.model_version !== undefined && !['stereo-melody-large', 'stereo-large', 'melody-large', 'large'].includes(String(input.model_version))) return invalid('input.model_version is not allowed');
      if (input.output_format !== undefined && !['wav', 'mp3'].includes(String(input.output_format))) return invalid('input.output_format must be wav or mp3');
      text = input.prompt;
    } else if (body.version === FAKE_DEMUCS_VERSION) {
      kind = 'demucs';
      if (typeof input.audio !== 'string' || !/^(data:audio\/[\w.+-]+;base64,|https?:\/\/)/.test(input.audio)) return invalid('input.audio must be a URL or a data URI');
    } else return invalid('version does not exist');
    if (busy('replicate', text)) return send(res, 429, { detail: 'Request was throttled. Your rate limit resets in ~0s.' }, { 'retry-after': '0' });
    const job: Job = { id: randomUUID().replace(/-/g, '').slice(0, 26), kind, text, polls: 0 };
    jobs.set(job.id, job);
    return send(res, 201, prediction(job));
  };

  const sunoRecord = (job: Job) => {
    const step = job.text.includes('forbidden') && job.polls >= 1 ? 'SENSITIVE_WORD_ERROR' : SUNO_STEPS[Math.min(job.polls, SUNO_STEPS.length - 1)];
    const done = step === 'SUCCESS' || (step === 'FIRST_SUCCESS' && job.text.includes('early'));
    const track = (n: number) => ({ id: `${job.id}-${n}`, audioUrl: done ? `${base}/files/suno-${job.id}-${n}.mp3` : '', streamAudioUrl: `${base}/files/stream-${job.id}-${n}`, imageUrl: '', title: 'Fake song', tags: 'ambient', duration: FAKE_AUDIO_SECONDS });
    const response = ['FIRST_SUCCESS', 'SUCCESS'].includes(step) ? { taskId: job.id, sunoData: [track(0), track(1)] } : null;
    return { code: 200, msg: 'success', data: { taskId: job.id, status: step, response, errorMessage: step === 'SENSITIVE_WORD_ERROR' ? 'The prompt contains sensitive words' : null } };
  };

  const suno = (res: http.ServerResponse, body: Record<string, unknown>) => {
    const bad = (code: number, msg: string) => send(res, 200, { code, msg, data: null });
    if (typeof body.customMode !== 'boolean' || typeof body.instrumental !== 'boolean') return bad(400, 'customMode and instrumental are required booleans');
    if (!SUNO_MODELS.includes(String(body.model))) return bad(400, 'model is invalid');
    if (!body.customMode && (typeof body.prompt !== 'string' || !body.prompt)) return bad(400, 'prompt is required in non-custom mode');
    const prompt = String(body.prompt);
    if (busy('suno', prompt)) return send(res, 430, { code: 430, msg: 'Your call frequency is too high. Please try again later.', data: null }, { 'retry-after': '0' });
    if (prompt.includes('credits')) return bad(429, 'The current credits are insufficient. Please top up.');
    const job: Job = { id: randomUUID().replace(/-/g, ''), kind: 'suno', text: prompt, polls: 0 };
    jobs.set(job.id, job);
    return send(res, 200, { code: 200, msg: 'success', data: { taskId: job.id } });
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    if (req.method === 'GET' && p.startsWith('/files/')) return sendAudio(res);
    const auth = req.headers.authorization;
    if (p === '/v2beta/audio/stable-audio-2/text-to-audio' && req.method === 'POST') {
      if (auth !== `Bearer ${FAKE_AUDIO_KEYS.stability}`) return send(res, 401, { id: 'x', name: 'unauthorized', errors: ['missing or invalid API key'] });
      return stability(req, res);
    }
    let raw = '';
    for await (const chunk of req) raw += chunk;
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(res, 400, { detail: 'the body is not JSON' });
    }
    const query = Object.fromEntries(url.searchParams);
    seen.push({ method: req.method ?? '', path: p, query, headers: req.headers, body });

    const tts = /^\/v1\/text-to-speech\/([^/]+)$/.exec(p);
    if (req.method === 'POST' && (tts || p === '/v1/music')) {
      if (req.headers['xi-api-key'] !== FAKE_AUDIO_KEYS.elevenlabs) return send(res, 401, { detail: { status: 'invalid_api_key', message: 'Invalid API key' } });
      return elevenlabs(res, tts ? 'tts' : 'music', query, body);
    }
    if (req.method === 'POST' && p === '/v1/audio/speech') {
      if (auth !== `Bearer ${FAKE_AUDIO_KEYS.openai}`) return send(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      return openai(res, body);
    }
    if (p.startsWith('/v1/predictions')) {
      if (auth !== `Bearer ${FAKE_AUDIO_KEYS.replicate}`) return send(res, 401, { detail: 'Invalid token.' });
      if (req.method === 'POST' && p === '/v1/predictions') return replicateCreate(res, body);
      const m = /^\/v1\/predictions\/([^/]+)(\/cancel)?$/.exec(p);
      const job = m ? jobs.get(m[1]) : undefined;
      if (!job || job.kind === 'suno') return send(res, 404, { detail: 'Not found.' });
      if (m?.[2]) job.canceled = true;
      const view = prediction(job);
      job.polls++;
      return send(res, 200, view);
    }
    if (p.startsWith('/api/v1/generate')) {
      if (auth !== `Bearer ${FAKE_AUDIO_KEYS.suno}`) return send(res, 401, { code: 401, msg: 'Unauthorized', data: null });
      if (req.method === 'POST' && p === '/api/v1/generate') return suno(res, body);
      const job = jobs.get(query.taskId ?? '');
      if (req.method !== 'GET' || p !== '/api/v1/generate/record-info' || !job || job.kind !== 'suno') return send(res, 200, { code: 404, msg: 'task not found', data: null });
      const view = sunoRecord(job);
      job.polls++;
      return send(res, 200, view);
    }
    return send(res, 404, { detail: 'Not found' });
  });
  const listening = await listenOnLoopback(server);
  base = listening.origin;
  return {
    base,
    seen,
    close: listening.close,
  };
}
