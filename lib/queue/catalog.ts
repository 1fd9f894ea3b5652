import { z } from 'zod';
import { defineQueue } from '@/lib/queue/define';

/**
 * Every queue Cinemood runs: name, payload and policy, without handlers. Senders (routes, the
 * lifecycle modules) import an entry from here; jobs/*.ts attach the handler. The worker refuses to
 * start when an entry here has no handler.
 */

const jobRef = z.object({ jobId: z.uuid() });

/** Renders (local provider) or submits (external providers) one video job. */
export const videoGenerateQueue = defineQueue({
  name: 'video.generate',
  schema: jobRef,
  policy: {
    retryLimit: 2,
    retryDelay: 5,
    retryBackoff: true,
    // A worker that dies mid-render stops its heartbeat; the job is then retried within ~30 s
    // instead of waiting out the 30-minute expiry below.
    heartbeatSeconds: 15,
    expireInSeconds: 1800,
  },
});

/** One status check of an external provider's job; each check schedules the next until the job settles. */
export const videoPollQueue = defineQueue({
  name: 'video.poll',
  // `hint`: a provider callback asked for this look; it never schedules the next one, and never
  // fails the job: the regular chain does both.
  schema: z.object({ jobId: z.uuid(), hint: z.boolean().default(false) }),
  // Retries cover transient errors of one check, not the whole wait (the deadline bounds that).
  policy: { retryLimit: 5, retryDelay: 5, retryBackoff: true, retryDelayMax: 120, expireInSeconds: 900 },
});

/** Text-to-speech, text-to-music and stem separation: one audio job each. */
export const audioGenerateQueue = defineQueue({
  name: 'audio.generate',
  schema: jobRef,
  policy: { retryLimit: 2, retryDelay: 5, retryBackoff: true, heartbeatSeconds: 15, expireInSeconds: 1800 },
});

/** Transcription of an audio or video asset, with word and segment timestamps. */
export const audioTranscribeQueue = defineQueue({
  name: 'audio.transcribe',
  schema: jobRef,
  policy: { retryLimit: 2, retryDelay: 10, retryBackoff: true, heartbeatSeconds: 15, expireInSeconds: 3600 },
});

/** Poster frame, hover-scrub sprite, image thumbnail or audio waveform for one asset. */
export const mediaThumbnailQueue = defineQueue({
  name: 'media.thumbnail',
  schema: z.object({ assetId: z.uuid() }),
  policy: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 600 },
});

/** Daily: old unpinned generated media to the trash (CLEANUP_DAYS), trash past TRASH_DAYS purged. */
export const mediaCleanupQueue = defineQueue({
  name: 'media.cleanup',
  schema: z.object({}).default({}),
  policy: { retryLimit: 2, retryDelay: 300, expireInSeconds: 3600 },
  schedule: { cron: '30 3 * * *', data: {} },
});

/** Hourly: removes abandoned temporary objects (interrupted uploads and renders) from `tmp/`. */
export const storageSweepQueue = defineQueue({
  name: 'storage.sweep',
  schema: z.object({ olderThanSeconds: z.number().int().min(60).default(3600) }),
  policy: { retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 600 },
  schedule: { cron: '17 * * * *', data: { olderThanSeconds: 3600 } },
});

/** Daily: forgets provider delivery ids older than a week (kept only to drop redeliveries). */
export const webhookPruneQueue = defineQueue({
  name: 'webhook.prune',
  schema: z.object({ olderThanDays: z.number().int().min(1).default(7) }),
  policy: { retryLimit: 2, retryDelay: 300, expireInSeconds: 600 },
  schedule: { cron: '45 3 * * *', data: { olderThanDays: 7 } },
});

/** Every minute: jobs whose queue job is gone, ended or past its deadline are re-queued or failed. */
export const jobsSweepQueue = defineQueue({
  name: 'jobs.sweep',
  schema: z.object({}).default({}),
  // A missed sweep is made good by the next one a minute later: no retries needed.
  policy: { retryLimit: 0, expireInSeconds: 120 },
  schedule: { cron: '* * * * *', data: {} },
});

/**
 * Moves a production on after one of its children settled (or the creator asked for a render):
 * starts follow-up children (the alignment after the speech), fails it when a child failed for
 * good, and when every child is done composes it once (the composing claim is guarded in SQL, so
 * a second message or a second worker does nothing). Sent by every child's settling transition.
 */
export const productionRenderQueue = defineQueue({
  name: 'production.render',
  schema: z.object({ productionId: z.uuid() }),
  policy: { retryLimit: 2, retryDelay: 5, retryBackoff: true, heartbeatSeconds: 15, expireInSeconds: 1800 },
});

/**
 * One attempt to deliver one webhook message (lib/webhooks/deliver.ts). The retry schedule is the
 * message's own (Standard Webhooks: the same webhook-id every time): a failed attempt sends the
 * next one with its start delayed, so pg-boss's own retries only cover a worker that died mid-attempt.
 */
export const webhookDeliverQueue = defineQueue({
  name: 'webhook.deliver',
  schema: z.object({ messageId: z.uuid() }),
  policy: { retryLimit: 1, retryDelay: 30, expireInSeconds: 120 },
});

/** Daily: events older than EVENTS_RETENTION_DAYS, with their delivery log, are deleted. */
export const eventsPruneQueue = defineQueue({
  name: 'events.prune',
  schema: z.object({}).default({}),
  policy: { retryLimit: 2, retryDelay: 300, expireInSeconds: 600 },
  schedule: { cron: '50 3 * * *', data: {} },
});

export const queueCatalog = [
  videoGenerateQueue,
  videoPollQueue,
  audioGenerateQueue,
  audioTranscribeQueue,
  mediaThumbnailQueue,
  mediaCleanupQueue,
  storageSweepQueue,
  webhookPruneQueue,
  jobsSweepQueue,
  productionRenderQueue,
  eventsPruneQueue,
  webhookDeliverQueue,
] as const;
