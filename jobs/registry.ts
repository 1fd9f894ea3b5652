import type { JobDefinition } from '@/lib/queue/define';
import { audioGenerate } from './audio-generate';
import { audioTranscribe } from './audio-transcribe';
import { mediaCleanup } from './media-cleanup';
import { mediaThumbnail } from './media-thumbnail';
import { storageSweep } from './storage-sweep';
import { videoGenerate } from './video-generate';
import { videoPoll } from './video-poll';
import { webhookPrune } from './webhook-prune';

/** Every queue Cinemood runs. The worker refuses to start if a queue has no handler here. */
export const jobDefinitions = [videoGenerate, videoPoll, mediaThumbnail, mediaCleanup, storageSweep, webhookPrune, audioGenerate, audioTranscribe] as unknown as JobDefinition[];
