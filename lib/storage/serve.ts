import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { setting } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { assertValidKey } from '@/lib/storage/keys';
import type { ByteRange, Storage } from '@/lib/storage/types';

export type RangeResult = { kind: 'none' } | { kind: 'range'; range: ByteRange } | { kind: 'unsatisfiable' };

/**
 * Reads a `Range` header against an object of `size` bytes. Only single byte ranges are served;
 * anything else (several ranges, other units, malformed) is ignored and the whole object is sent,
 * as RFC 9110 allows.
 */
export function parseRange(header: string | null, size: number): RangeResult {
  if (!header) return { kind: 'none' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'none' };
  const [, first, last] = match;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return { kind: 'none' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', range: { start, end } };
}

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  // If-None-Match uses the weak comparison: W/"x" matches "x".
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export interface ServeOptions {
  storage: Storage;
  key: string;
  contentType: string;
  /** Offered to the browser as the download name; sent as an RFC 5987 `filename*`. */
  downloadName?: string;
  cacheControl?: string;
}

function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * MEDIA_ACCEL_REDIRECT: the request is already checked (signature or login, then the asset and
 * its file), so nginx is told which object to send and does the rest itself: ranges, validators,
 * 304/206/416, Content-Length. The path is the prefix and the storage key, which comes from our
 * own database and passes the key check: nothing a client sent is part of it.
 */
function accelRedirect(prefix: string, key: string, headers: Headers): Response {
  assertValidKey(key);
  const kept = new Headers({ 'X-Accel-Redirect': `${prefix}/${key}` });
  for (const name of ['Content-Type', 'Content-Disposition', 'Cache-Control', 'X-Content-Type-Options']) {
    const value = headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  return new Response(null, { status: 200, headers: kept });
}

/**
 * MEDIA_S3_REDIRECT: the request is checked, so the browser is sent to a short-lived presigned GET
 * and fetches the bytes (and any range) from the bucket itself. The headers this route would have
 * set travel as signed response-* parameters; the 302 itself is never cached, as the URL expires.
 */
async function s3Redirect(storage: Storage, key: string, headers: Headers): Promise<Response | null> {
  if (!storage.signedUrl) return null;
  const location = await storage.signedUrl(key, {
    expiresIn: setting('MEDIA_S3_REDIRECT_TTL_SECONDS'),
    contentType: headers.get('Content-Type') ?? undefined,
    contentDisposition: headers.get('Content-Disposition') ?? undefined,
    cacheControl: headers.get('Cache-Control') ?? undefined,
  });
  return new Response(null, { status: 302, headers: { Location: location, 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' } });
}

/** Serves one stored object with full HTTP range and validator semantics. */
export async function serveStoredObject(request: Request, opts: ServeOptions): Promise<Response> {
  const object = await opts.storage.stat(opts.key);
  if (!object) throw new AppError('not_found', 'media file not found');
  const lastModified = new Date(Math.floor(object.modifiedAt.getTime() / 1000) * 1000);
  const headers = new Headers({
    'Accept-Ranges': 'bytes',
    'Content-Type': opts.contentType,
    ETag: object.etag,
    'Last-Modified': lastModified.toUTCString(),
    'Cache-Control': opts.cacheControl ?? 'private, max-age=3600',
    'X-Content-Type-Options': 'nosniff',
  });
  if (opts.downloadName) headers.set('Content-Disposition', contentDisposition(opts.downloadName));

  // nginx's internal location points at the storage folder: only objects on local disk are there.
  const accel = setting('MEDIA_ACCEL_REDIRECT');
  if (accel && opts.storage.localPath) return accelRedirect(accel, opts.key, headers);

  const ifNoneMatch = request.headers.get('if-none-match');
  const ifModifiedSince = request.headers.get('if-modified-since');
  const notModified = ifNoneMatch
    ? etagMatches(ifNoneMatch, object.etag)
    : ifModifiedSince !== null && !Number.isNaN(Date.parse(ifModifiedSince)) && lastModified.getTime() <= Date.parse(ifModifiedSince);
  if (notModified) return new Response(null, { status: 304, headers });
  // HEAD is answered here: a presigned URL is signed for GET only, and the headers are all known.
  if (request.method !== 'HEAD' && setting('MEDIA_S3_REDIRECT')) {
    const redirect = await s3Redirect(opts.storage, opts.key, headers);
    if (redirect) return redirect;
  }

  let rangeHeader = request.headers.get('range');
  const ifRange = request.headers.get('if-range');
  if (rangeHeader && ifRange) {
    // A range applies only to the representation the client already holds part of (strong match).
    const stillCurrent = ifRange.startsWith('"') ? ifRange.trim() === object.etag : Date.parse(ifRange) === lastModified.getTime();
    if (!stillCurrent) rangeHeader = null;
  }

  const parsed = parseRange(rangeHeader, object.size);
  if (parsed.kind === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${object.size}`);
    headers.delete('Content-Type');
    return new Response(null, { status: 416, headers });
  }
  const range = parsed.kind === 'range' ? parsed.range : undefined;
  const length = range ? range.end - range.start + 1 : object.size;
  headers.set('Content-Length', String(length));
  if (range) headers.set('Content-Range', `bytes ${range.start}-${range.end}/${object.size}`);
  const status = range ? 206 : 200;

  if (request.method === 'HEAD' || length === 0) return new Response(null, { status, headers });

  const body = opts.storage.openFile
    ? new StoredBody({ handle: await opts.storage.openFile(opts.key), range: range ?? { start: 0, end: object.size - 1 } })
    : new StoredBody({ stream: await opts.storage.read(opts.key, range) });
  // A client that hangs up mid-video is normal: stop reading, and do not report it as an error.
  const onAbort = () => body.close();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  body.onClose(() => request.signal?.removeEventListener('abort', onAbort));
  const response = new Response(webBody(body), { status, headers });
  storedBodies.set(response, body);
  return response;
}

/**
 * The bytes behind a response of serveStoredObject, for a Node server that sends them itself
 * (lib/storage/send.ts) instead of reading the web body: the status and headers stay the
 * response's. Undefined for any other response.
 */
export function storedBodyOf(response: Response): StoredBody | undefined {
  return storedBodies.get(response);
}

const storedBodies = new WeakMap<Response, StoredBody>();

/**
 * The bytes of one served object: the open file and its range (a backend with files), or the
 * backend's stream. Whoever sends them (the web body below, or lib/storage/send.ts) closes it;
 * closing twice is harmless.
 */
export class StoredBody {
  private closed = false;
  private stream?: Readable;
  private readonly closeHooks: Array<() => void> = [];

  constructor(private readonly source: { handle: FileHandle; range: ByteRange } | { stream: Readable }) {}

  /** The open file and the inclusive byte range to send, when the bytes are a local file. */
  get file(): { handle: FileHandle; range: ByteRange } | undefined {
    return 'handle' in this.source ? this.source : undefined;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The bytes as a Node stream, made once; it closes the body when it ends or is destroyed. */
  toStream(): Readable {
    if (!this.stream) {
      const { source } = this;
      if (this.closed) {
        // Closed before anyone read: the file handle is gone, so the stream is an aborted one.
        this.stream = new Readable({ read() {} });
        this.stream.on('error', () => {});
        this.stream.destroy();
        return this.stream;
      }
      this.stream = 'stream' in source ? source.stream : source.handle.createReadStream({ ...source.range, highWaterMark: 1024 * 1024 });
      this.stream.on('error', () => {});
      this.stream.on('close', () => this.close());
    }
    return this.stream;
  }

  onClose(hook: () => void): void {
    if (this.closed) hook();
    else this.closeHooks.push(hook);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const { source } = this;
    if (this.stream) this.stream.destroy();
    else if ('stream' in source) source.stream.destroy();
    else source.handle.close().catch(() => {});
    for (const hook of this.closeHooks.splice(0)) hook();
  }
}

/** The web body of a StoredBody: nothing is read until it is pulled, so a server that sends the file itself never opens a stream. */
function webBody(body: StoredBody): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader ??= (Readable.toWeb(body.toStream()) as ReadableStream<Uint8Array>).getReader();
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        body.close();
        await reader?.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
