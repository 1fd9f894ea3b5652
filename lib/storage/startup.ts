import { setting } from '@/lib/config';
import { StorageError } from '@/lib/storage/errors';
import { getStorage } from '@/lib/storage';

const TRIES = 3;
const PAUSE_MS = 1000;

/**
 * Checked when the web server or the worker starts: a wrong key, a missing bucket or an endpoint
 * that does not answer stops the start with one line naming the cause, instead of failing the
 * first upload hours later. A server that is still booting gets a few seconds.
 */
export async function assertStorageUsable(): Promise<void> {
  const storage = getStorage();
  let problem: string | null = null;
  for (let i = 0; i < TRIES; i++) {
    problem = await storage.diagnose();
    if (!problem) return;
    if (i < TRIES - 1) await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
  const where = storage.backend === 's3' ? ` (bucket "${setting('S3_BUCKET')}")` : '';
  throw new StorageError(`Storage ${storage.backend}${where} is not usable: ${problem}`, true);
}
