import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { AppError } from '@/lib/errors';
import { assertValidKey, assertValidPrefix } from '@/lib/storage/keys';
import { describeS3Failure, isS3Failure, type S3Target, s3Status } from '@/lib/storage/s3-errors';
import { sizeCap } from '@/lib/storage/size-cap';
import type { ByteRange, PutOptions, SignedUrlOptions, Storage, StoredObject } from '@/lib/storage/types';

export interface S3Options {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  /** Unset: the AWS SDK's own credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Keys per ListObjectsV2 page (S3's own maximum, 1000, by default); tests make it small to cross pages. */
  listPageSize?: number;
}

/** CopyObject copies at most 5 GB in one request; beyond that S3 wants a multipart copy, which rename does not do. */
const MAX_COPY_BYTES = 5 * 1024 ** 3;
/** Parts of a streamed upload: PART_BYTES × QUEUE is what one upload holds in memory at most. */
const PART_BYTES = 8 * 1024 * 1024;
const QUEUE = 4;
const HEALTH_TIMEOUT_MS = 3000;
/**
 * Every media request stats its object before reading it; a HEAD round trip to S3 each time cost
 * more than the range itself (bench/serve.ts). Objects are never rewritten under a key (keys are
 * new UUIDs), so a stat is reused for a while; this process's deletes and renames forget it, and
 * an object deleted elsewhere is noticed by the read that follows (404).
 */
const STAT_TTL_MS = 30_000;
const STAT_CACHE_MAX = 10_000;

const notFound = (err: unknown) => s3Status(err) === 404 || ['NotFound', 'NoSuchKey'].includes((err as Error)?.name);

/** Objects in one S3 bucket under their storage keys as they are. */
export class S3Storage implements Storage {
  readonly backend = 's3';
  readonly client: S3Client;
  private readonly target: S3Target;
  private readonly stats = new Map<string, { object: StoredObject; until: number }>();

  constructor(private readonly options: S3Options) {
    this.target = { bucket: options.bucket, endpoint: options.endpoint, accessKeyId: options.credentials?.accessKeyId };
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // The SDK's newer default adds CRC checksums (and aws-chunked trailers) that several
      // S3-compatible servers reject; integrity is checked where it matters (storage:migrate).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
      requestHandler: {
        // Media playback opens many ranged GETs at once: the SDK's default of 50 sockets would queue them.
        httpAgent: new http.Agent({ keepAlive: true, maxSockets: 512 }),
        httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 512 }),
        connectionTimeout: 5000,
        // Idle time allowed on a socket; a stuck upload part or body fails instead of hanging a job.
        requestTimeout: 120_000,
      },
    });
  }

  get bucket(): string {
    return this.options.bucket;
  }

  private failure(err: unknown): unknown {
    return isS3Failure(err) ? describeS3Failure(err, this.target) : err;
  }

  async put(key: string, body: Readable | Iterable<Uint8Array> | AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<StoredObject> {
    assertValidKey(key);
    this.stats.delete(key);
    const source = body instanceof Readable ? body : Readable.from(body);
    let data: Readable = source;
    if (options.maxBytes) {
      data = source.pipe(sizeCap(options.maxBytes));
      source.once('error', (err) => data.destroy(err));
    }
    // A multipart upload that fails (the cap, a source error, S3) is aborted by Upload itself, and
    // S3 makes an object visible only when its upload completes: nothing partial is ever readable.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: key, Body: data, ContentType: options.contentType },
      partSize: PART_BYTES,
      queueSize: QUEUE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      source.destroy();
      throw this.failure(err);
    }
    const stored = await this.stat(key);
    if (!stored) throw describeS3Failure(new Error('the object is missing right after its upload completed'), this.target);
    return stored;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    assertValidKey(key);
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      return out.Body as Readable;
    } catch (err) {
      if (notFound(err)) {
        this.stats.delete(key);
        throw new AppError('not_found', 'stored object not found');
      }
      throw this.failure(err);
    }
  }

  async stat(key: string): Promise<StoredObject | null> {
    assertValidKey(key);
    const cached = this.stats.get(key);
    if (cached && cached.until > Date.now()) return cached.object;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      const object = { key, size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0), etag: quoted(head.ETag) };
      if (this.stats.size >= STAT_CACHE_MAX) this.stats.clear();
      this.stats.set(key, { object, until: Date.now() + STAT_TTL_MS });
      return object;
    } catch (err) {
      this.stats.delete(key);
      if (notFound(err) && (err as Error).name !== 'NoSuchBucket') return null;
      throw this.failure(err);
    }
  }

  async delete(key: string): Promise<boolean> {
    // DeleteObject succeeds whether or not the object was there; the interface says which it was.
    if (!(await this.stat(key))) return false;
    this.stats.delete(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key })).catch((err) => {
      throw this.failure(err);
    });
    return true;
  }

  async list(prefix: string): Promise<StoredObject[]> {
    assertValidPrefix(prefix);
    const out: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.client
        .send(new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix || undefined, ContinuationToken: token, MaxKeys: this.options.listPageSize }))
        .catch((err) => {
          throw this.failure(err);
        });
      for (const o of page.Contents ?? []) {
        if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date(0), etag: quoted(o.ETag) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    // The same order as the local backend's.
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  async rename(from: string, to: string): Promise<StoredObject> {
    assertValidKey(to);
    const source = await this.stat(from);
    if (!source) throw new AppError('not_found', 'stored object not found');
    if (source.size > MAX_COPY_BYTES) throw new AppError('internal_error', 'renaming an S3 object over 5 GB needs a multipart copy, which this backend does not do');
    try {
      await this.client.send(new CopyObjectCommand({ Bucket: this.options.bucket, Key: to, CopySource: encodeURI(`${this.options.bucket}/${from}`) }));
      this.stats.delete(from);
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: from }));
    } catch (err) {
      throw this.failure(err);
    }
    const moved = await this.stat(to);
    if (!moved) throw new AppError('internal_error', 'the renamed object is missing');
    return moved;
  }

  async healthy(): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }), { abortSignal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      return true;
    } catch {
      return false;
    }
  }

  /** A one-key listing rather than HeadBucket: a GET's error answer names its cause (wrong secret, unknown key), a HEAD's cannot. */
  async diagnose(): Promise<string | null> {
    try {
      await this.client.send(new ListObjectsV2Command({ Bucket: this.options.bucket, MaxKeys: 1 }), { abortSignal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      return null;
    } catch (err) {
      if ((err as Error).name === 'AbortError') return `${this.options.endpoint ?? 'AWS S3'} did not answer within ${HEALTH_TIMEOUT_MS / 1000} s (check S3_ENDPOINT)`;
      return describeS3Failure(err, this.target).message;
    }
  }

  /**
   * A presigned GET. Only the host is signed, never a Range header, so a player can ask the URL
   * for any range; the response headers the app would set travel as signed query parameters.
   */
  async signedUrl(key: string, options: SignedUrlOptions): Promise<string> {
    assertValidKey(key);
    const command = new GetObjectCommand({
      Bucket: this.options.bucket,
      Key: key,
      ResponseContentType: options.contentType,
      ResponseContentDisposition: options.contentDisposition,
      ResponseCacheControl: options.cacheControl,
    });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresIn });
  }
}

/** S3 sends ETags quoted; a server that does not still gives a valid HTTP entity tag. */
function quoted(etag: string | undefined): string {
  if (!etag) return '"0"';
  return etag.startsWith('"') ? etag : `"${etag}"`;
}
