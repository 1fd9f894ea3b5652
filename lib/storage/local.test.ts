import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newStorageKey } from '@/lib/storage/keys';
import { LocalStorage } from '@/lib/storage/local';
import { storageContract } from '@/lib/testing/storage-contract';

storageContract('local disk', async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-storage-'));
  return {
    storage: new LocalStorage(root),
    // A failed put must not leave its temp file in incoming/.
    leftovers: async () => (await fs.readdir(path.join(root, 'incoming')).catch(() => [])).length,
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
});

describe('local storage', () => {
  it('makes keys by area and day', () => {
    expect(newStorageKey('videos', 'mp4')).toMatch(/^videos\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}\.mp4$/);
    expect(newStorageKey('derived', 'J P*G')).toMatch(/\.jpg$/);
  });

  it('has files ffmpeg can read in place', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-storage-'));
    try {
      const storage = new LocalStorage(root);
      await storage.put('videos/a.mp4', [new TextEncoder().encode('bytes')]);
      expect(await fs.readFile(storage.localPath('videos/a.mp4'), 'utf8')).toBe('bytes');
      expect(await storage.diagnose()).toBeNull();
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
