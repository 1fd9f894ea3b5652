import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '@/lib/storage/types';

export interface ContractSubject {
  storage: Storage;
  /** Anything a failed put may have left behind (temp files, open multipart uploads): must stay 0. */
  leftovers(): Promise<number>;
  cleanup(): Promise<void>;
}

const MiB = 1024 * 1024;

/** A stream that sends `good` bytes and then fails, as a client that hangs up mid-upload. */
function interrupted(good: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= good) {
        this.destroy(new Error('the client went away'));
        return;
      }
      const chunk = randomBytes(Math.min(MiB, good - sent));
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

/**
 * The Storage contract: the same cases for every backend (local.test.ts, s3.s3.test.ts). Sizes
 * cross S3's multipart threshold, so the cap and the interruption happen mid-multipart there.
 */
export function storageContract(name: string, make: () => Promise<ContractSubject>): void {
  describe(`the Storage contract: ${name}`, () => {
    let subject: ContractSubject;
    let storage: Storage;
    const area = `tmp/contract-${randomBytes(4).toString('hex')}`;
    beforeAll(async () => {
      subject = await make();
      storage = subject.storage;
    });
    afterAll(async () => {
      await subject?.cleanup();
    });

    it('puts from a stream and reads it back whole and by ranges', async () => {
      const bytes = randomBytes(100_000);
      const key = `${area}/whole.bin`;
      const stored = await storage.put(key, Readable.from([bytes.subarray(0, 30_000), bytes.subarray(30_000)]), { contentType: 'video/mp4' });
      expect(stored).toMatchObject({ key, size: bytes.length });
      expect(stored.etag).toMatch(/^"[^"]+"$/);
      const stat = await storage.stat(key);
      expect(stat).toMatchObject({ key, size: bytes.length, etag: stored.etag });
      expect(Math.abs((stat?.modifiedAt.getTime() ?? 0) - Date.now())).toBeLessThan(120_000);
      expect((await buffer(await storage.read(key))).equals(bytes)).toBe(true);
      expect((await buffer(await storage.read(key, { start: 1000, end: 1099 }))).equals(bytes.subarray(1000, 1100))).toBe(true);
      // The last 50 bytes, as a suffix range (bytes=-50) resolves to.
      expect((await buffer(await storage.read(key, { start: bytes.length - 50, end: bytes.length - 1 }))).equals(bytes.subarray(-50))).toBe(true);
      expect((await buffer(await storage.read(key, { start: 0, end: 0 }))).equals(bytes.subarray(0, 1))).toBe(true);
    });

    it('stores an empty object and one from an async iterable', async () => {
      expect((await storage.put(`${area}/empty.bin`, Readable.from([]))).size).toBe(0);
      expect(await text(await storage.read(`${area}/empty.bin`))).toBe('');
      async function* parts() {
        yield new TextEncoder().encode('hello ');
        yield new TextEncoder().encode('world');
      }
      expect((await storage.put(`${area}/iter.txt`, parts())).size).toBe(11);
      expect(await text(await storage.read(`${area}/iter.txt`))).toBe('hello world');
    });

    it('streams a file larger than one upload part', async () => {
      const bytes = randomBytes(19 * MiB);
      const key = `${area}/large.bin`;
      const chunks = Array.from({ length: 19 }, (_, i) => bytes.subarray(i * MiB, (i + 1) * MiB));
      expect((await storage.put(key, Readable.from(chunks))).size).toBe(bytes.length);
      const tail = await buffer(await storage.read(key, { start: 17 * MiB - 10, end: 19 * MiB - 1 }));
      expect(tail.equals(bytes.subarray(17 * MiB - 10))).toBe(true);
      expect(await storage.delete(key)).toBe(true);
    });

    it('lists by prefix, renames and deletes', async () => {
      const dir = `${area}/list`;
      for (const n of ['a', 'b', 'c']) await storage.put(`${dir}/${n}.txt`, Readable.from([Buffer.from(n)]));
      await storage.put(`${area}/listed-not.txt`, Readable.from([Buffer.from('x')]));
      expect((await storage.list(`${dir}/`)).map((o) => o.key)).toEqual(['a', 'b', 'c'].map((n) => `${dir}/${n}.txt`));
      expect((await storage.list(`${dir}/`)).every((o) => o.size === 1 && o.etag.startsWith('"'))).toBe(true);
      expect(await storage.list(`${area}/nothing-here/`)).toEqual([]);

      const moved = await storage.rename(`${dir}/a.txt`, `${dir}/moved/a.txt`);
      expect(moved).toMatchObject({ key: `${dir}/moved/a.txt`, size: 1 });
      expect(await storage.stat(`${dir}/a.txt`)).toBeNull();
      expect(await text(await storage.read(`${dir}/moved/a.txt`))).toBe('a');
      await expect(storage.rename(`${dir}/missing.txt`, `${dir}/x.txt`)).rejects.toMatchObject({ code: 'not_found' });

      expect(await storage.delete(`${dir}/moved/a.txt`)).toBe(true);
      expect(await storage.delete(`${dir}/moved/a.txt`)).toBe(false);
      expect(await storage.stat(`${dir}/moved/a.txt`)).toBeNull();
    });

    it('answers not_found for a missing object and refuses keys that could escape', async () => {
      expect(await storage.stat(`${area}/missing.mp4`)).toBeNull();
      await expect(storage.read(`${area}/missing.mp4`)).rejects.toMatchObject({ code: 'not_found' });
      for (const key of ['../etc/passwd', 'videos/../../x', '/abs/path', 'videos//x', 'Videos/X.mp4']) {
        await expect(storage.stat(key)).rejects.toThrow(/invalid storage key/);
      }
      await expect(storage.list('../')).rejects.toThrow(/invalid storage prefix/);
    });

    it('enforces maxBytes while streaming and leaves no object', async () => {
      const key = `${area}/too-big.bin`;
      const chunks = Array.from({ length: 20 }, () => randomBytes(MiB));
      const err = await storage.put(key, Readable.from(chunks), { maxBytes: 12 * MiB }).catch((e) => e);
      expect(err).toMatchObject({ code: 'payload_too_large' });
      expect(await storage.stat(key)).toBeNull();
      expect(await subject.leftovers()).toBe(0);
    });

    it('leaves no object when the stream fails mid-upload', async () => {
      const key = `${area}/interrupted.bin`;
      await expect(storage.put(key, interrupted(18 * MiB))).rejects.toThrow(/the client went away/);
      expect(await storage.stat(key)).toBeNull();
      expect(await subject.leftovers()).toBe(0);
    });

    it('reports itself healthy', async () => {
      expect(await storage.healthy()).toBe(true);
      expect(await storage.diagnose()).toBeNull();
    });
  });
}
