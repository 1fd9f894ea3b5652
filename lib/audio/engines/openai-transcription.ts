import { baseUrl, setting } from '@/lib/config';
import { providerRequest } from '@/lib/providers/http';
import type { UploadChunk } from '../split';
import { normaliseVerboseJson } from '../transcript';
import { AudioEngineError, type Transcription, type TranscriptionEngine, type TranscriptionRequest } from '../types';
import { fileBlob, transcribeInChunks } from './stt-upload';

// `POST {base}/audio/transcriptions` (docs/providers.md §8): OpenAI itself, or any server with the
// same contract (Groq, speaches, whisper.cpp's whisper-server started with --inference-path).
// Files over the upload limit (25 MiB for whisper-1) are re-encoded and split, then re-joined.

export interface OpenAiTranscriptionConfig {
  apiKey: string;
  /** Up to and including `/v1`. */
  baseUrl: string;
  model: string;
  maxBytes: number;
  backoffMs?: number;
  timeoutMs?: number;
}

export function openAiTranscriptionConfigFromEnv(): OpenAiTranscriptionConfig | null {
  const apiKey = setting('OPENAI_API_KEY');
  if (!apiKey) return null;
  return {
    apiKey,
    baseUrl: baseUrl('OPENAI_BASE_URL'),
    model: setting('OPENAI_TRANSCRIBE_MODEL'),
    maxBytes: setting('OPENAI_TRANSCRIBE_MAX_BYTES'),
  };
}

/** gpt-4o(-mini)-transcribe answer only `json`, so no timings; word and segment times need whisper-1 (§8). */
const timed = (model: string) => !model.startsWith('gpt-');

/** Whisper reads only the last ~224 tokens of a prompt: a script is a hint, not something to send whole. */
const PROMPT_CHARS = 1000;

interface VerboseBody {
  usage?: { type?: string; seconds?: number };
}

export class OpenAiCompatibleTranscriber implements TranscriptionEngine {
  readonly name = 'openai';
  readonly local = false;
  readonly requiresExpectedText = false;
  readonly note = 'OpenAI or a compatible server (Groq, speaches, whisper.cpp) via OPENAI_BASE_URL';

  /** Without a fixed configuration the environment is read on every call. */
  constructor(private readonly fixed?: OpenAiTranscriptionConfig) {}

  private config() {
    return this.fixed ?? openAiTranscriptionConfigFromEnv();
  }

  available(): boolean {
    return this.config() !== null;
  }

  async transcribe(request: TranscriptionRequest): Promise<Transcription & { cost?: Record<string, unknown> }> {
    const config = this.config();
    if (!config) throw new AudioEngineError('OPENAI_API_KEY is not set');
    return transcribeInChunks('OpenAI transcription', request, config.maxBytes, async (chunk) => {
      const body = await this.send(config, chunk, request);
      const usage = (body as VerboseBody | null)?.usage;
      return { transcription: normaliseVerboseJson(body, chunk.duration), seconds: typeof usage?.seconds === 'number' ? usage.seconds : undefined };
    });
  }

  private async send(config: OpenAiTranscriptionConfig, chunk: UploadChunk, request: TranscriptionRequest): Promise<unknown> {
    const { blob, name } = await fileBlob(chunk.file);
    const form = new FormData();
    form.append('file', blob, name);
    form.append('model', config.model);
    if (timed(config.model)) {
      form.append('response_format', 'verbose_json');
      form.append('timestamp_granularities[]', 'word');
      form.append('timestamp_granularities[]', 'segment');
    } else {
      form.append('response_format', 'json');
    }
    if (request.language) form.append('language', request.language);
    if (request.expectedText?.trim()) form.append('prompt', request.expectedText.trim().slice(0, PROMPT_CHARS));
    return providerRequest<unknown>({
      method: 'POST',
      url: `${config.baseUrl}/audio/transcriptions`,
      headers: { authorization: `Bearer ${config.apiKey}` },
      body: form,
      timeoutMs: config.timeoutMs ?? 600_000,
      backoffMs: config.backoffMs,
      // A 429 for an exhausted quota will not pass by waiting.
      classify: (status, body) =>
        status === 429 && JSON.stringify(body ?? '').includes('insufficient_quota') ? 'permanent' : undefined,
    });
  }
}
