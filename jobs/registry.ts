import type { JobDefinition } from '@/lib/queue/define';
import { mediaCleanup } from './media-cleanup';
import { mediaThumbnail } from './media-thumbnail';
import { storageSweep } from './storage-sweep';
import { videoGenerate } from './video-generate';

/** Every queue Cinemood runs. The worker refuses to start if a queue has no handler here. */
export const jobDefinitions = [videoGenerate, mediaThumbnail, mediaCleanup, storageSweep] as unknown as JobDefinition[];
