import type { QueueHandler } from '@/lib/queue/define';
import { audioGenerate } from './audio-generate';
import { audioTranscribe } from './audio-transcribe';
import { eventsPrune } from './events-prune';
import { jobsSweep } from './jobs-sweep';
import { mediaCleanup } from './media-cleanup';
import { mediaThumbnail } from './media-thumbnail';
import { productionRender } from './production-render';
import { storageSweep } from './storage-sweep';
import { videoGenerate } from './video-generate';
import { videoPoll } from './video-poll';
import { webhookDeliver } from './webhook-deliver';
import { webhookPrune } from './webhook-prune';

/** The handler of every catalog queue (lib/queue/catalog.ts); the worker refuses to start when one is missing. */
export const queueHandlers = [
  videoGenerate,
  videoPoll,
  audioGenerate,
  audioTranscribe,
  mediaThumbnail,
  mediaCleanup,
  storageSweep,
  webhookPrune,
  jobsSweep,
  productionRender,
  eventsPrune,
  webhookDeliver,
] as unknown as QueueHandler[];
