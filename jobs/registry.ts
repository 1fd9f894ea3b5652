import type { JobDefinition } from '@/lib/queue/define';
import { storageSweep } from './storage-sweep';

/** Every queue Cinemood runs. The worker refuses to start if a queue has no handler here. */
export const jobDefinitions: JobDefinition[] = [storageSweep as unknown as JobDefinition];
