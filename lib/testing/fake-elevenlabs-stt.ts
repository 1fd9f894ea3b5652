import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { type FakeUpload, probeUpload, readMultipart, scriptWords } from './fake-whisper';
import { listenOnLoopback } from '@/lib/testing/loopback';

/**
 * A stand-in ElevenLabs speech to text (`POST /v1/speech-to-text`) written from
 * docs/providers.md §7, not from the client: `xi-api-key` auth, multipart with `model_id`
 * (scribe_v1 | scribe_v2) and `file` required, `timestamps_granularity` none|word|character. It
 * "hears" the same fixed script as the fake Whisper over the probed duration; every sixth word
 * ends a sentence, `spacing` items sit between words and an `audio_event` opens the file unless
 * `tag_audio_events=false`. Error bodies are `{"detail":…}` (shape UNCONFIRMED in docs/providers.md §7).
 */
export const FAKE_ELEVENLABS_KEY = 'xi-test-fake-scribe';

export interface FakeElevenLabsStt {
  base: string;
  requests: FakeUpload[];
  close(): Promise<void>;
}

export async function startFakeElevenLabsStt(options: { maxBytes?: number } = {}): Promise<FakeElevenLabsStt> {
  const maxBytes = options.maxBytes ?? 1_000_000_000;
  const requests: FakeUpload[] = [];
  const json = (res: http.ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const invalid = (res: http.ServerResponse, field: string, msg: string) => json(res, 422, { detail: [{ loc: ['body', field], msg, type: 'value_error' }] });

  const server = http.createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/speech-to-text') return json(res, 404, { detail: 'Not Found' });
    if (req.headers['xi-api-key'] !== FAKE_ELEVENLABS_KEY) return json(res, 401, { detail: { status: 'invalid_api_key', message: 'Invalid API key' } });
    if (!String(req.headers['content-type']).startsWith('multipart/form-data')) return invalid(res, 'file', 'Expected multipart/form-data');
    const { fields, file } = await readMultipart(req, 'file', maxBytes);
    const seen: FakeUpload = { fields, fileBytes: file?.size ?? 0, fileName: file?.name ?? '', duration: null };
    requests.push(seen);
    if (file && file.size > maxBytes) return json(res, 413, { detail: { status: 'file_too_large', message: `File exceeds ${maxBytes} bytes` } });
    if (!['scribe_v1', 'scribe_v2'].includes(String(fields.model_id))) return invalid(res, 'model_id', 'model_id must be scribe_v1 or scribe_v2');
    if (fields.source_url) return invalid(res, 'source_url', 'the fake only takes uploaded files');
    if (!file?.bytes) return invalid(res, 'file', 'Either file or source_url must be provided');
    const granularity = fields.timestamps_granularity ?? 'word';
    if (!['none', 'word', 'character'].includes(String(granularity))) return invalid(res, 'timestamps_granularity', 'Invalid value');
    const duration = await probeUpload(file.bytes, file.name);
    seen.duration = duration;
    if (duration === null) return json(res, 400, { detail: { status: 'invalid_audio', message: 'The uploaded file could not be decoded as audio' } });

    const spoken = scriptWords(duration).map((w, i) => ({ ...w, word: i % 6 === 5 ? `${w.word}.` : w.word }));
    const words: Array<Record<string, unknown>> = [];
    if (fields.tag_audio_events !== 'false' && duration > 0.2) words.push({ text: '(music)', start: 0, end: 0.2, type: 'audio_event', speaker_id: 'speaker_0', logprob: 0 });
    spoken.forEach((w, i) => {
      if (i > 0) words.push({ text: ' ', start: spoken[i - 1].end, end: w.start, type: 'spacing', speaker_id: 'speaker_0', logprob: 0 });
      words.push({ text: w.word, start: w.start, end: w.end, type: 'word', speaker_id: 'speaker_0', logprob: -0.1 });
    });
    return json(res, 200, {
      language_code: String(fields.language_code ?? 'eng'),
      language_probability: 0.98,
      text: spoken.map((w) => w.word).join(' '),
      words: granularity === 'none' ? [] : words,
      transcription_id: randomUUID(),
      audio_duration_secs: duration,
    });
  });
  const listening = await listenOnLoopback(server);
  return {
    base: listening.origin,
    requests,
    close: listening.close,
  };
}
