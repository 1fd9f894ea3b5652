import { mediaThumbnailQueue } from '@/lib/queue/catalog';
import { sendJob } from '@/lib/queue/send';

/** Queues the poster, sprite or waveform of an asset (once per asset while one is queued). */
export async function thumbnailJob(assetId: string): Promise<void> {
  await sendJob(mediaThumbnailQueue, { assetId }, { singletonKey: assetId });
}
