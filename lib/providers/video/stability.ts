import fs from 'node:fs/promises';
import path from 'node:path';
import { baseUrl, setting } from '@/lib/config';
import { probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { withWorkDir } from '@/lib/media/workdir';
import type { AspectRatio, CameraMovement } from '@/lib/strategy';
import { providerFetch, providerRequest, ProviderError } from '@/lib/providers/http';
import type { ProviderStatus, VideoCapabilities, VideoProvider, VideoSubmission } from './types';

// Stability AI image-to-video, Stable Video Diffusion on v2beta (docs/providers.md §6): a
// multipart upload of the source image, then poll-only results (no webhooks) served as MP4 bytes
// behind the API key. Whether this endpoint is deprecated or removed is UNCONFIRMED: Stability's
// newer surface centres on stable-image/*, so treat it as legacy. The base URL is configurable
// (STABILITY_BASE_URL) so a compatible host or a test double can stand in.

const MODEL = 'stable-video-diffusion';

/** The only sizes the API accepts; the source image is made exactly this size before upload. */
const SIZES = {
  landscape: { width: 1024, height: 576 },
  portrait: { width: 576, height: 1024 },
  square: { width: 768, height: 768 },
};

function sizeFor(aspect: AspectRatio) {
  if (aspect === '16:9' || aspect === '21:9') return SIZES.landscape;
  if (aspect === '9:16') return SIZES.portrait;
  return SIZES.square;
}

/**
 * Our own mapping of the planned camera move onto SVD's motion_bucket_id (1–255, default 127):
 * Stability documents the knob only as "more motion", not any camera vocabulary.
 */
const MOTION: Record<CameraMovement, number> = {
  static_focus: 60,
  pan_slow: 60,
  dolly_slow: 60,
  handheld_subtle: 60,
  crane_up: 127,
  dolly_zoom: 127,
  through_object: 127,
  bullet_time: 127,
  spiral_zoom: 200,
  fpv_drone: 200,
  crash_zoom_in: 200,
  whip_pan_right: 200,
};

/** Said to be the default and what the API's own examples send (range UNCONFIRMED). */
const CFG_SCALE = '1.8';

export interface StabilityConfig {
  apiKey: string;
  baseUrl: string;
  backoffMs?: number;
}

export function stabilityConfigFromEnv(): StabilityConfig | null {
  const apiKey = setting('STABILITY_API_KEY');
  if (!apiKey) return null;
  return { apiKey, baseUrl: baseUrl('STABILITY_BASE_URL') };
}

/** Scales to cover the target and crops the centre, so the upload is exactly an accepted size. */
async function preparedImage(source: string, size: { width: number; height: number }): Promise<Buffer> {
  return withWorkDir(async (dir) => {
    const out = path.join(dir, 'source.png');
    const { width, height } = size;
    try {
      await runFfmpeg(
        (c) =>
          c
            .input(source)
            .outputOptions(['-frames:v', '1', '-vf', `scale=${width}:${height}:force_original_aspect_ratio=increase,crop=${width}:${height},setsar=1`, '-y'])
            .output(out),
        { failureMessage: 'the source image could not be prepared for Stability' },
      );
      const made = await probe(out);
      if (made.width !== width || made.height !== height) throw new Error(`made ${made.width}×${made.height}`);
    } catch (err) {
      throw new ProviderError(`the source image could not be prepared for Stability: ${(err as Error).message}`, 'permanent');
    }
    return fs.readFile(out);
  });
}

export class StabilityProvider implements VideoProvider {
  readonly name = 'stability';
  constructor(private readonly config: StabilityConfig) {}

  capabilities(): VideoCapabilities {
    return {
      textToVideo: false,
      imageToVideo: true,
      aspectRatios: ['16:9', '9:16', '1:1'],
      // SVD renders ~25 frames, about 4 s; there is no duration parameter (UNCONFIRMED).
      durations: [4],
      models: [MODEL],
      defaultModel: MODEL,
      webhooks: false,
      // A render takes ~1–2 min and the v1 limit is 150 requests / 10 s (UNCONFIRMED for v2beta),
      // so polling every 10 s loses little time and stays far from the limit with many jobs.
      minPollSeconds: 10,
    };
  }

  private resultUrl(id: string) {
    return `${this.config.baseUrl}/v2beta/image-to-video/result/${encodeURIComponent(id)}`;
  }

  async submit(s: VideoSubmission): Promise<{ providerJobId: string }> {
    if (s.generationType !== 'image_to_video') throw new ProviderError('Stability offers only image-to-video, not text-to-video', 'permanent');
    if (!s.imagePath) throw new ProviderError('Stability image-to-video needs the source image as a local file', 'permanent');
    const png = await preparedImage(s.imagePath, sizeFor(s.aspectRatio));
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'source.png');
    form.append('seed', String(s.seed ?? 0));
    form.append('cfg_scale', CFG_SCALE);
    form.append('motion_bucket_id', String(s.cameraMovement ? MOTION[s.cameraMovement] ?? 127 : 127));
    const created = await providerRequest<{ id?: string }>({
      method: 'POST',
      url: `${this.config.baseUrl}/v2beta/image-to-video`,
      headers: { Authorization: `Bearer ${this.config.apiKey}` },
      body: form,
      backoffMs: this.config.backoffMs,
    });
    if (typeof created?.id !== 'string' || !created.id) throw new ProviderError('Stability accepted the upload but returned no id', 'transient');
    return { providerJobId: created.id };
  }

  async status(id: string): Promise<ProviderStatus> {
    const url = this.resultUrl(id);
    let res: Response;
    try {
      // Lower-case `accept` so it replaces providerFetch's JSON default instead of joining it.
      res = await providerFetch({ method: 'GET', url, headers: { Authorization: `Bearer ${this.config.apiKey}`, accept: 'video/*' }, backoffMs: this.config.backoffMs });
    } catch (err) {
      if (err instanceof ProviderError && err.status === 404) {
        throw new ProviderError('Stability has no result for this id: it expired or never existed', 'permanent', 404, err.code);
      }
      throw err;
    }
    if (res.status === 202) {
      await res.body?.cancel();
      return { state: 'running', rawStatus: 'in-progress' };
    }
    const type = (res.headers.get('content-type') ?? '').toLowerCase();
    if (type.includes('json')) {
      // Some deployments answer the finished result as JSON even when asked for video.
      const body = (await res.json().catch(() => undefined)) as { finish_reason?: string } | null | undefined;
      // A JSON answer that cannot be read (truncated, garbled) says nothing yet: look again.
      if (!body || typeof body !== 'object') throw new ProviderError('Stability answered the result with JSON that could not be read', 'transient', res.status);
      if (body?.finish_reason === 'CONTENT_FILTERED') {
        return { state: 'failed', rawStatus: 'CONTENT_FILTERED', error: { message: 'Stability withheld the video: its content filter flagged it', code: 'CONTENT_FILTERED' } };
      }
      return { state: 'unknown', rawStatus: body?.finish_reason ?? `http-${res.status}` };
    }
    // A 200 that is neither the video nor JSON (a proxy's HTML page) is a fault on the way, not the result.
    if (type && !type.startsWith('video/') && !type.startsWith('application/octet-stream')) {
      await res.body?.cancel();
      throw new ProviderError(`Stability answered the result with ${type.split(';')[0]}, not the video`, 'transient', res.status);
    }
    // The MP4 is the body: leave it unread so the app streams it to storage under its size cap.
    // Results are kept ~24 h (UNCONFIRMED) and need the key, hence outputHeaders.
    await res.body?.cancel();
    return {
      state: 'succeeded',
      rawStatus: 'complete',
      outputs: [url],
      outputHeaders: { Authorization: `Bearer ${this.config.apiKey}`, Accept: 'video/*' },
    };
  }

  async cancel(): Promise<void> {
    // Stability documents no way to cancel a generation; it simply finishes and expires.
  }
}
