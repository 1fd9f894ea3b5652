import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { newStorageKey } from '@/lib/storage/keys';
import { LocalStorage } from '@/lib/storage/local';

let root: string;
let storage: LocalStorage;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-storage-'));
  storage = new LocalStorage(root);
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('local storage', () => {
  it('puts from a stream, stats, reads ranges, lists, renames and deletes', async () => {
    const key = newStorageKey('videos', 'mp4');
    expect(key).toMatch(/^videos\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}\.mp4$/);
    const stored = await storage.put(key, Readable.from([Buffer.from('hello '), Buffer.from('world')]));
    expect(stored.size).toBe(11);
    expect(stored.etag).toMatch(/^"[0-9a-f]+-b"$/);
    expect(await text(await storage.read(key))).toBe('hello world');
    expect(await text(await storage.read(key, { start: 6, end: 10 }))).toBe('world');
    expect((await storage.list('videos/')).map((o) => o.key)).toEqual([key]);
    expect(await storage.list('audio/')).toEqual([]);
    const moved = await storage.rename(key, 'videos/moved.mp4');
    expect(moved.size).toBe(11);
    expect(await storage.stat(key)).toBeNull();
    expect(await storage.delete('videos/moved.mp4')).toBe(true);
    expect(await storage.delete('videos/moved.mp4')).toBe(false);
  });

  it('enforces a size cap and leaves nothing behind', async () => {
    const big = Readable.from([Buffer.alloc(600), Buffer.alloc(600)]);
    const err = await storage.put('tmp/big.bin', big, { maxBytes: 1000 }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('payload_too_large');
    expect(await storage.stat('tmp/big.bin')).toBeNull();
    expect(await fs.readdir(path.join(root, 'incoming'))).toEqual([]);
  });

  it('never lets a key escape its root', async () => {
    for (const key of ['../etc/passwd', 'videos/../../x', '/abs/path', 'videos//x', 'Videos/X.mp4', 'a/./b', '']) {
      await expect(storage.stat(key)).rejects.toThrow(/invalid storage key/);
    }
    await expect(storage.list('../')).rejects.toThrow(/invalid storage prefix/);
  });

  it('answers not_found for a missing object', async () => {
    await expect(storage.read('videos/missing.mp4')).rejects.toMatchObject({ code: 'not_found' });
  });
});
