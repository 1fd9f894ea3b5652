import { baseUrl, setting } from '@/lib/config';
import { ProviderError, providerRequest } from '@/lib/providers/http';
import type { MusicEngine, MusicRequest } from '../types';
import { AudioEngineError } from '../types';
import { audioExtension, downloadAudio, guarded, sleep, withSignal } from './shared';

// UNOFFICIAL (docs/providers.md §9): Suno publishes no developer API. This speaks the
// sunoapi.org-style wrapper protocol: POST /api/v1/generate {customMode, instrumental, model,
// prompt} → {code: 200, data: {taskId}}, then GET /api/v1/generate/record-info?taskId= until
// data.status is terminal; tracks are data.response.sunoData[] {audioUrl, duration, …}. Codes are
// non-standard, in the HTTP status and/or the body's `code`: 429 = out of credits (permanent),
// 405 / 430 = rate limited (transient), 413 = prompt too long, 455 = maintenance. There is no
// default base URL: the operator opts in by setting both SUNO_UNOFFICIAL_* variables.

export const SUNO_NOTE = 'UNOFFICIAL: Suno has no official API; this talks to a third-party sunoapi.org-style wrapper and may break or violate terms';

export interface SunoConfig {
  apiKey: string;
  baseUrl: string;
  model: string;
  timeoutSeconds: number;
  pollMs?: number;
  backoffMs?: number;
}

export function sunoConfigFromEnv(): SunoConfig | null {
  const apiKey = setting('SUNO_UNOFFICIAL_API_KEY');
  if (!apiKey || !setting('SUNO_UNOFFICIAL_BASE_URL')) return null;
  return { apiKey, baseUrl: baseUrl('SUNO_UNOFFICIAL_BASE_URL'), model: setting('SUNO_UNOFFICIAL_MODEL'), timeoutSeconds: setting('SUNO_UNOFFICIAL_TIMEOUT_SECONDS') };
}

const classify = (code: number): 'transient' | 'permanent' => ([405, 430, 455].includes(code) || code >= 500 ? 'transient' : 'permanent');
const RATE_LIMITED = new Set([405, 430]);

interface Envelope<T> {
  code?: number;
  msg?: string;
  data?: T;
}
interface Track {
  id?: string;
  audioUrl?: string;
  title?: string;
  duration?: number;
}
interface Record_ {
  taskId?: string;
  status?: string;
  errorMessage?: string | null;
  response?: { sunoData?: Track[] | null } | null;
}

export class SunoUnofficialEngine implements MusicEngine {
  readonly name = 'suno-unofficial';
  readonly local = false;
  readonly note = SUNO_NOTE;
  constructor(private readonly config: SunoConfig) {}

  /** One call; unwraps the {code, msg, data} envelope, whose code may disagree with the HTTP status. */
  private async call<T>(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<T | undefined> {
    const res = await withSignal(
      providerRequest<Envelope<T>>({
        method,
        url: `${this.config.baseUrl}${path}`,
        headers: { Authorization: `Bearer ${this.config.apiKey}` },
        body,
        backoffMs: this.config.backoffMs,
        classify: (status) => (status === 429 || status === 413 ? 'permanent' : RATE_LIMITED.has(status) || status === 455 ? 'transient' : undefined),
      }),
      signal,
      'Suno (unofficial)',
    );
    if (res && typeof res.code === 'number' && res.code !== 200) {
      throw new ProviderError(res.code === 429 ? `out of credits: ${res.msg ?? ''}`.trim() : res.msg || `the wrapper answered code ${res.code}`, classify(res.code), res.code);
    }
    return res?.data;
  }

  /** A refused create was never started, so a rate-limited one is safe to repeat. */
  private async create(body: unknown, signal?: AbortSignal): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        const data = await this.call<{ taskId?: string }>('POST', '/api/v1/generate', body, signal);
        if (!data?.taskId) throw new AudioEngineError('Suno (unofficial): the wrapper accepted the request but returned no taskId', 'transient');
        return data.taskId;
      } catch (err) {
        if (!(err instanceof ProviderError && RATE_LIMITED.has(err.status ?? 0)) || attempt >= 3) throw err;
        await sleep((this.config.backoffMs ?? 2000) * 2 ** attempt, signal, 'Suno (unofficial)');
      }
    }
  }

  async compose(request: MusicRequest, outputFile: string, signal?: AbortSignal) {
    return guarded('Suno (unofficial)', async () => {
      const prompt = request.prompt?.trim();
      if (!prompt) throw new AudioEngineError('Suno (unofficial): the music prompt is empty', 'permanent');
      const model = request.model || this.config.model;
      // callBackUrl is omitted: we poll. The wrapper picks the length itself; the actual duration is reported.
      const taskId = await this.create({ customMode: false, instrumental: request.instrumental !== false, model, prompt }, signal);
      const deadline = Date.now() + this.config.timeoutSeconds * 1000;
      for (;;) {
        if (Date.now() > deadline) throw new AudioEngineError(`Suno (unofficial): task ${taskId} did not finish within ${this.config.timeoutSeconds} s`, 'transient');
        await sleep(this.config.pollMs ?? 5000, signal, 'Suno (unofficial)');
        const record = await this.call<Record_>('GET', `/api/v1/generate/record-info?taskId=${encodeURIComponent(taskId)}`, undefined, signal);
        const status = record?.status ?? 'UNKNOWN';
        const track = record?.response?.sunoData?.find((t) => t.audioUrl);
        const finished = status === 'SUCCESS' || (status === 'FIRST_SUCCESS' && track) || (status === 'CALLBACK_EXCEPTION' && track);
        if (finished && track?.audioUrl) {
          await downloadAudio(track.audioUrl, outputFile, 'Suno (unofficial)', signal);
          return {
            extension: audioExtension(track.audioUrl),
            cost: { tracks: record?.response?.sunoData?.length ?? 1, model },
            details: { taskId, trackId: track.id, title: track.title, requestedDurationSeconds: request.durationSeconds, actualDurationSeconds: track.duration ?? null, unofficial: true },
          };
        }
        if (status === 'SUCCESS') throw new AudioEngineError('Suno (unofficial): the task succeeded without an audio URL', 'transient');
        if (status === 'SENSITIVE_WORD_ERROR' || status.endsWith('_FAILED') || status === 'CALLBACK_EXCEPTION') {
          const kind = status === 'SENSITIVE_WORD_ERROR' || status === 'CREATE_TASK_FAILED' ? 'permanent' : 'transient';
          throw new AudioEngineError(`Suno (unofficial): ${record?.errorMessage || status} (${status})`, kind);
        }
      }
    });
  }
}
