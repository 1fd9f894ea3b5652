import { setting } from '@/lib/config';
import { providerRequest } from '@/lib/providers/http';
import { outputUrls, replicateConfigFromEnv } from '@/lib/providers/video/replicate';
import type { MusicEngine, MusicRequest } from '../types';
import { AudioEngineError } from '../types';
import { audioExtension, downloadAudio, guarded, numericSeed, sleep, withSignal } from './shared';

// Replicate predictions (docs/providers.md §5) for meta/musicgen (§9): a community model, so
// POST /predictions needs a `version` hash; then GET /predictions/{id} until a terminal status
// (succeeded | failed | canceled | aborted). The output is a URL string, fetched through the
// outbound guard. Polling happens inside compose(): music jobs are short and the call is bounded
// by REPLICATE_MUSICGEN_TIMEOUT_SECONDS and the caller's signal.

export interface ReplicateAudioConfig {
  apiToken: string;
  baseUrl: string;
  /** The model version hash; community models have no default route. */
  version?: string;
  timeoutSeconds?: number;
  pollMs?: number;
  backoffMs?: number;
}

export interface Prediction {
  id: string;
  status: string;
  output?: unknown;
  error?: unknown;
  metrics?: { predict_time?: number } | null;
}

/**
 * No first-hand page in the reference corpus documents a meta/musicgen version that takes
 * `stereo-melody-large`, so there is no default: set REPLICATE_MUSICGEN_VERSION (public code widely
 * uses 671ac645ce5e552cc63a54a2bbff63fcf798043055d2dac5fc9e36a837eedcfb, UNCONFIRMED).
 */
export function replicateMusicgenConfigFromEnv(): ReplicateAudioConfig | null {
  const base = replicateConfigFromEnv();
  if (!base) return null;
  return {
    apiToken: base.apiToken,
    baseUrl: base.baseUrl,
    version: setting('REPLICATE_MUSICGEN_VERSION'),
    timeoutSeconds: setting('REPLICATE_MUSICGEN_TIMEOUT_SECONDS'),
  };
}

/** Creates a prediction and waits for it in-call; resolves with the succeeded prediction. */
export async function runPrediction(
  config: ReplicateAudioConfig,
  body: { version: string; input: Record<string, unknown> },
  provider: string,
  signal?: AbortSignal,
): Promise<Prediction> {
  const request = <T>(method: 'GET' | 'POST', path: string, payload?: unknown) =>
    withSignal(
      providerRequest<T>({ method, url: `${config.baseUrl}${path}`, headers: { Authorization: `Bearer ${config.apiToken}` }, body: payload, backoffMs: config.backoffMs }),
      signal,
      provider,
    );
  const created = await request<Prediction>('POST', '/predictions', body);
  if (!created?.id) throw new AudioEngineError(`${provider}: Replicate accepted the prediction but returned no id`, 'transient');
  const id = encodeURIComponent(created.id);
  const deadline = Date.now() + (config.timeoutSeconds ?? 600) * 1000;
  const cancel = () => providerRequest({ method: 'POST', url: `${config.baseUrl}/predictions/${id}/cancel`, headers: { Authorization: `Bearer ${config.apiToken}` }, retries: 0 }).catch(() => undefined);
  let p = created;
  try {
    while (!['succeeded', 'failed', 'canceled', 'aborted'].includes(p.status)) {
      if (Date.now() > deadline) {
        void cancel();
        throw new AudioEngineError(`${provider}: the prediction did not finish within ${config.timeoutSeconds ?? 600} s`, 'transient');
      }
      await sleep(config.pollMs ?? 2000, signal, provider);
      p = await request<Prediction>('GET', `/predictions/${id}`);
    }
  } catch (err) {
    if (signal?.aborted) void cancel();
    throw err;
  }
  if (p.status === 'succeeded') return p;
  if (p.status === 'aborted') throw new AudioEngineError(`${provider}: Replicate aborted the prediction before it started`, 'transient');
  if (p.status === 'canceled') throw new AudioEngineError(`${provider}: the prediction was canceled at Replicate`, 'permanent');
  // A failed run is the model refusing or choking on this input; the same input fails again.
  throw new AudioEngineError(`${provider}: ${p.error ? String(p.error) : 'Replicate reported a failure'}`, 'permanent');
}

export const predictCost = (p: Prediction) => (typeof p.metrics?.predict_time === 'number' ? { predict_time: p.metrics.predict_time } : undefined);

export class ReplicateMusicgenEngine implements MusicEngine {
  readonly name = 'replicate-musicgen';
  readonly local = false;
  constructor(private readonly config: ReplicateAudioConfig) {}

  async compose(request: MusicRequest, outputFile: string, signal?: AbortSignal) {
    return guarded('Replicate MusicGen', async () => {
      const version = this.config.version;
      if (!version) throw new AudioEngineError('Replicate MusicGen: set REPLICATE_MUSICGEN_VERSION to a meta/musicgen version hash', 'permanent');
      const prompt = request.prompt?.trim();
      if (!prompt) throw new AudioEngineError('Replicate MusicGen: the music prompt is empty', 'permanent');
      if (!(request.durationSeconds > 0)) throw new AudioEngineError('Replicate MusicGen: the music duration must be positive', 'permanent');
      // Whole seconds (an integer input). Older versions cap it at 30; the limit of newer ones is UNCONFIRMED.
      const duration = Math.max(1, Math.round(request.durationSeconds));
      const seed = numericSeed(request.seed, 2_147_483_647);
      const input = { prompt, duration, model_version: 'stereo-melody-large', output_format: 'mp3', ...(seed !== undefined ? { seed } : {}) };
      const p = await runPrediction(this.config, { version, input }, 'Replicate MusicGen', signal);
      const url = outputUrls(p.output)[0];
      if (!url) throw new AudioEngineError('Replicate MusicGen: the prediction succeeded without an audio URL', 'transient');
      await downloadAudio(url, outputFile, 'Replicate MusicGen', signal);
      return {
        extension: audioExtension(url),
        cost: predictCost(p),
        details: { predictionId: p.id, requestedDurationSeconds: request.durationSeconds, sentDurationSeconds: duration },
      };
    });
  }
}
