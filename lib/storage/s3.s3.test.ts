import { describe, expect, it } from 'vitest';
import { describeS3Failure } from '@/lib/storage/s3-errors';
import { freshBucket, openMultipartUploads, S3_SKIP, s3Server, s3StorageOn } from '@/lib/testing/s3';
import { storageContract } from '@/lib/testing/storage-contract';
import { Readable } from 'node:stream';

// The Storage contract (the cases local.test.ts runs on disk) against a real radosgw, plus what
// only S3 has: paginated listings, and the causes an operator must be told apart.

describe.skipIf(!s3Server)(`S3 storage${s3Server ? '' : ` (skipped: ${S3_SKIP})`}`, () => {
  const server = s3Server!;

  storageContract('S3 (radosgw)', async () => {
    const bucket = await freshBucket(server);
    return {
      storage: s3StorageOn(server, bucket),
      leftovers: () => openMultipartUploads(server, bucket),
      cleanup: async () => {},
    };
  });

  it('lists across pages', async () => {
    const storage = s3StorageOn(server, await freshBucket(server), { listPageSize: 2 });
    const keys = ['tmp/p/1.txt', 'tmp/p/2.txt', 'tmp/p/3.txt', 'tmp/p/4.txt', 'tmp/p/5.txt'];
    for (const key of keys) await storage.put(key, Readable.from([Buffer.from(key)]));
    expect((await storage.list('tmp/p/')).map((o) => o.key)).toEqual(keys);
    expect((await storage.list('')).length).toBe(5);
  });

  it('notices an object deleted by another process at the read after a remembered stat', async () => {
    const bucket = await freshBucket(server);
    const here = s3StorageOn(server, bucket);
    const elsewhere = s3StorageOn(server, bucket);
    await here.put('videos/gone.mp4', Readable.from([Buffer.from('bytes')]));
    expect(await here.stat('videos/gone.mp4')).not.toBeNull();
    expect(await elsewhere.delete('videos/gone.mp4')).toBe(true);
    await expect(here.read('videos/gone.mp4')).rejects.toMatchObject({ code: 'not_found' });
    expect(await here.stat('videos/gone.mp4')).toBeNull();
  });

  it('names a wrong secret, an unknown key, a missing bucket and an unreachable endpoint as such', async () => {
    const bucket = await freshBucket(server);
    const wrongSecret = s3StorageOn(server, bucket, { secretAccessKey: 'not-the-secret' });
    const problem = await wrongSecret.diagnose();
    expect(problem).toMatch(/S3_SECRET_ACCESS_KEY is wrong/);
    expect(problem).not.toContain('not-the-secret');
    expect(await wrongSecret.healthy()).toBe(false);
    // A job that tries to store records the same cause.
    await expect(wrongSecret.put('videos/x.mp4', Readable.from([Buffer.from('x')]))).rejects.toMatchObject({ code: 'service_unavailable', message: expect.stringMatching(/S3_SECRET_ACCESS_KEY is wrong/) });

    expect(await s3StorageOn(server, 'cm-no-such-bucket').diagnose()).toMatch(/the bucket "cm-no-such-bucket" does not exist/);
    expect(await s3StorageOn(server, 'cm-no-such-bucket').healthy()).toBe(false);
    await expect(s3StorageOn(server, 'cm-no-such-bucket').put('videos/x.mp4', Readable.from([Buffer.from('x')]))).rejects.toThrow(/does not exist/);

    const { S3Storage } = await import('@/lib/storage/s3');
    const unknownKey = new S3Storage({ bucket, region: server.region, endpoint: server.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'x' } });
    expect(await unknownKey.diagnose()).toMatch(/does not know the access key "NOBODY"/);
    const nowhere = new S3Storage({ bucket, region: server.region, endpoint: 'http://127.0.0.1:1', forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    expect(await nowhere.diagnose()).toMatch(/cannot be reached/);
    expect(describeS3Failure(Object.assign(new Error('x'), { name: 'CredentialsProviderError' }), { bucket }).message).toMatch(/no S3 credentials/);
  });
});
