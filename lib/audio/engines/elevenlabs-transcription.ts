import { baseUrl, setting } from '@/lib/config';
import { providerRequest } from '@/lib/providers/http';
import type { UploadChunk } from '../split';
import { AudioEngineError, type Transcription, type TranscriptionEngine, type TranscriptionRequest, type TranscriptSegment } from '../types';
import { fileBlob, transcribeInChunks } from './stt-upload';

// ElevenLabs Scribe, `POST /v1/speech-to-text` (docs/providers.md §7): multipart, `xi-api-key`,
// word timings in `words[]` mixed with `spacing` and `audio_event` items. The upload size limit is
// UNCONFIRMED (a third-party client enforces 1000 MB); ELEVENLABS_STT_MAX_BYTES overrides it.

export interface ElevenLabsSttConfig {
  apiKey: string;
  baseUrl: string;
  model: string;
  maxBytes: number;
  backoffMs?: number;
  timeoutMs?: number;
}

export function elevenLabsSttConfigFromEnv(): ElevenLabsSttConfig | null {
  const apiKey = setting('ELEVENLABS_API_KEY');
  if (!apiKey) return null;
  return {
    apiKey,
    baseUrl: baseUrl('ELEVENLABS_BASE_URL'),
    model: setting('ELEVENLABS_STT_MODEL'),
    maxBytes: setting('ELEVENLABS_STT_MAX_BYTES'),
  };
}

interface ScribeItem {
  text?: string;
  start?: number;
  end?: number;
  type?: string;
}

interface ScribeBody {
  text?: string;
  language_code?: string;
  audio_duration_secs?: number;
  words?: ScribeItem[];
}

/** A pause longer than this between words ends a segment, as does sentence-final punctuation. */
const PAUSE_SECONDS = 0.8;
const SENTENCE_END = /[.!?…。！？]["'”’»)\]]*$/;

/** Scribe's answer as a `Transcription`: words from `word` items, segments rebuilt from words and spacing. */
export function scribeToTranscription(body: ScribeBody, fallbackDuration: number): Transcription {
  const words: Transcription['words'] = [];
  const segments: TranscriptSegment[] = [];
  let open: TranscriptSegment | null = null;
  const close = () => {
    if (open?.text.trim()) segments.push({ ...open, text: open.text.replace(/\s+/g, ' ').trim() });
    open = null;
  };
  for (const item of body.words ?? []) {
    if (item.type === 'spacing') {
      if (open) (open as TranscriptSegment).text += item.text ?? ' ';
      continue;
    }
    if ((item.type ?? 'word') !== 'word' || typeof item.start !== 'number' || typeof item.end !== 'number') continue;
    const text = (item.text ?? '').trim();
    if (!text) continue;
    words.push({ word: text, start: item.start, end: item.end });
    if (open && item.start - (open as TranscriptSegment).end > PAUSE_SECONDS) close();
    const seg: TranscriptSegment = open ?? { start: item.start, end: item.end, text: '' };
    seg.text += text;
    seg.end = item.end;
    open = seg;
    if (SENTENCE_END.test(text)) close();
  }
  close();
  return {
    text: (body.text ?? words.map((w) => w.word).join(' ')).trim(),
    language: body.language_code || null,
    duration: typeof body.audio_duration_secs === 'number' && body.audio_duration_secs > 0 ? body.audio_duration_secs : fallbackDuration,
    segments,
    words,
  };
}

export class ElevenLabsScribe implements TranscriptionEngine {
  readonly name = 'elevenlabs';
  readonly local = false;
  readonly requiresExpectedText = false;

  constructor(private readonly fixed?: ElevenLabsSttConfig) {}

  private config() {
    return this.fixed ?? elevenLabsSttConfigFromEnv();
  }

  available(): boolean {
    return this.config() !== null;
  }

  async transcribe(request: TranscriptionRequest): Promise<Transcription & { cost?: Record<string, unknown> }> {
    const config = this.config();
    if (!config) throw new AudioEngineError('ELEVENLABS_API_KEY is not set');
    return transcribeInChunks('ElevenLabs speech to text', request, config.maxBytes, async (chunk) => {
      const transcription = scribeToTranscription(await this.send(config, chunk, request), chunk.duration);
      return { transcription, seconds: transcription.duration };
    });
  }

  private async send(config: ElevenLabsSttConfig, chunk: UploadChunk, request: TranscriptionRequest): Promise<ScribeBody> {
    const { blob, name } = await fileBlob(chunk.file);
    const form = new FormData();
    form.append('model_id', config.model);
    form.append('file', blob, name);
    if (request.language) form.append('language_code', request.language);
    form.append('timestamps_granularity', 'word');
    const body = await providerRequest<ScribeBody | null>({
      method: 'POST',
      url: `${config.baseUrl}/v1/speech-to-text`,
      headers: { 'xi-api-key': config.apiKey },
      body: form,
      timeoutMs: config.timeoutMs ?? 900_000,
      backoffMs: config.backoffMs,
    });
    return body ?? {};
  }
}
