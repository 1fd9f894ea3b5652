import { CreateBucketCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { resetConfigForTests } from '@/lib/config';
import { S3Storage } from '@/lib/storage/s3';
import type { S3ServerInfo } from '@/lib/testing/s3-global-setup';

/** The radosgw the s3 project booted, or null when it could not (the tests then skip). */
export const s3Server: S3ServerInfo | null = inject('s3Server');
export const S3_SKIP = 'radosgw is not installed (Debian: apt-get install radosgw ceph-mon ceph-osd)';

export const clientOf = (server: S3ServerInfo) =>
  new S3Client({ endpoint: server.endpoint, region: server.region, forcePathStyle: true, credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey } });

/** A new empty bucket, so a test file's listings see only its own objects. */
export async function freshBucket(server: S3ServerInfo): Promise<string> {
  const bucket = `cm-${randomBytes(5).toString('hex')}`;
  const client = clientOf(server);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return bucket;
}

export function s3StorageOn(server: S3ServerInfo, bucket: string, over: { secretAccessKey?: string; listPageSize?: number } = {}): S3Storage {
  return new S3Storage({
    bucket,
    region: server.region,
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: over.secretAccessKey ?? server.secretAccessKey },
    listPageSize: over.listPageSize,
  });
}

/** Points the product's settings at the test server (new media to S3 unless `backend` says otherwise). */
export function useS3Settings(server: S3ServerInfo, bucket: string, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    STORAGE_BACKEND: 's3',
    S3_ENDPOINT: server.endpoint,
    S3_BUCKET: bucket,
    S3_REGION: server.region,
    S3_ACCESS_KEY_ID: server.accessKeyId,
    S3_SECRET_ACCESS_KEY: server.secretAccessKey,
    S3_FORCE_PATH_STYLE: '1',
    ...extra,
  });
  resetConfigForTests();
}

/** Multipart uploads still open in the bucket: an aborted upload must leave none. */
export async function openMultipartUploads(server: S3ServerInfo, bucket: string): Promise<number> {
  const client = clientOf(server);
  const out = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  client.destroy();
  return out.Uploads?.length ?? 0;
}
