import path from 'node:path';
import { setting } from '@/lib/config';
import { LocalStorage } from '@/lib/storage/local';
import type { Storage } from '@/lib/storage/types';

export type { ByteRange, Storage, StoredObject } from '@/lib/storage/types';
export { newStorageKey } from '@/lib/storage/keys';

let instance: Storage | undefined;

export function getStorage(): Storage {
  instance ??= new LocalStorage(path.join(path.resolve(setting('DATA_DIR')), 'storage'));
  return instance;
}
