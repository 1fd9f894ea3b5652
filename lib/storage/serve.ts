import { Readable } from 'node:stream';
import { AppError } from '@/lib/errors';
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

  const ifNoneMatch = request.headers.get('if-none-match');
  const ifModifiedSince = request.headers.get('if-modified-since');
  const notModified = ifNoneMatch
    ? etagMatches(ifNoneMatch, object.etag)
    : ifModifiedSince !== null && !Number.isNaN(Date.parse(ifModifiedSince)) && lastModified.getTime() <= Date.parse(ifModifiedSince);
  if (notModified) return new Response(null, { status: 304, headers });

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

  const stream = await opts.storage.read(opts.key, range);
  // A client that hangs up mid-video is normal: stop reading, and do not report it as an error.
  const onAbort = () => stream.destroy();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  stream.on('close', () => request.signal?.removeEventListener('abort', onAbort));
  stream.on('error', () => {});
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status, headers });
}
