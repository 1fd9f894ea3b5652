import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Storage } from '@/lib/storage/types';

/**
 * A local file with the object's bytes, for tools that need a path (ffmpeg): the original where
 * the backend has one (local disk), else a copy streamed into `dir` (S3), which the caller's work
 * folder removes. An object asked for twice in one folder is copied once.
 */
export async function localFileFor(storage: Storage, key: string, dir: string): Promise<string> {
  if (storage.localPath) return storage.localPath(key);
  const file = path.join(dir, path.basename(key));
  const [existing, object] = await Promise.all([fs.stat(file).catch(() => null), storage.stat(key)]);
  if (existing && object && existing.size === object.size) return file;
  try {
    await pipeline(await storage.read(key), createWriteStream(file));
  } catch (err) {
    // A half-copied file must not pass for the object on the next call.
    await fs.rm(file, { force: true });
    throw err;
  }
  return file;
}
