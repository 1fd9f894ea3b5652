import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Storage } from '@/lib/storage/types';

/** A local file with the object's bytes, for tools that need a path (ffmpeg): the original where possible, else a copy in `dir`. */
export async function localFileFor(storage: Storage, key: string, dir: string): Promise<string> {
  if (storage.localPath) return storage.localPath(key);
  const file = path.join(dir, path.basename(key));
  await pipeline(await storage.read(key), createWriteStream(file));
  return file;
}
