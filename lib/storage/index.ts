import path from 'node:path';
import { setting } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { LocalStorage } from '@/lib/storage/local';
import { S3Storage } from '@/lib/storage/s3';
import type { Storage } from '@/lib/storage/types';

export type { ByteRange, Storage, StoredObject } from '@/lib/storage/types';
export { newStorageKey } from '@/lib/storage/keys';

export const STORAGE_BACKENDS = ['local', 's3'] as const;
export type StorageBackend = (typeof STORAGE_BACKENDS)[number];

// One instance per configuration: tests (and storage:migrate) change settings within a process,
// and a client keeps its sockets, so it is reused for as long as its settings hold.
const instances = new Map<string, Storage>();

function cached(id: string, make: () => Storage): Storage {
  let storage = instances.get(id);
  if (!storage) {
    storage = make();
    instances.set(id, storage);
  }
  return storage;
}

export function localDiskStorage(): Storage {
  const root = path.join(path.resolve(setting('DATA_DIR')), 'storage');
  return cached(`local:${root}`, () => new LocalStorage(root));
}

/** The bucket the S3_* settings name, whichever backend new media goes to (storage:migrate needs it while that is still local). */
export function s3Storage(): S3Storage {
  const bucket = setting('S3_BUCKET');
  if (!bucket) throw new AppError('internal_error', 'S3_BUCKET is not set: the S3 storage backend needs a bucket');
  const accessKeyId = setting('S3_ACCESS_KEY_ID');
  const secretAccessKey = setting('S3_SECRET_ACCESS_KEY');
  const options = {
    bucket,
    region: setting('S3_REGION'),
    endpoint: setting('S3_ENDPOINT'),
    forcePathStyle: setting('S3_FORCE_PATH_STYLE'),
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  };
  // The id holds the secret only inside this process's memory, to notice a change; it is never logged.
  return cached(`s3:${JSON.stringify(options)}`, () => new S3Storage(options)) as S3Storage;
}

/** The backend a row's bytes are in (`storage_backend` of media_assets and asset_files): during a migration both are in use. */
export function storageFor(backend: string): Storage {
  if (backend === 'local') return localDiskStorage();
  if (backend === 's3') return s3Storage();
  throw new AppError('internal_error', `unknown storage backend "${backend}"`);
}

/** Where new media is stored: STORAGE_BACKEND. */
export function getStorage(): Storage {
  return storageFor(setting('STORAGE_BACKEND'));
}
