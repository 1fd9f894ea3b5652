import dns from 'node:dns';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setting } from '@/lib/config';

/**
 * Fetches of URLs that users or providers hand us. Addresses are checked when the socket
 * connects (in the DNS lookup the connection itself uses), so a name that resolves to a public
 * address for a check and a private one for the connection cannot slip through; every redirect
 * hop is checked the same way.
 */

const BLOCKED = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) BLOCKED.addSubnet(address, prefix, 'ipv6');

export type OutboundErrorCode = 'blocked_address' | 'bad_url' | 'too_large' | 'timeout' | 'http_error' | 'too_many_redirects' | 'truncated' | 'network';

export class OutboundError extends Error {
  constructor(
    message: string,
    readonly code: OutboundErrorCode,
    readonly status?: number,
    /** The server's Retry-After, in ms, when it sent one with an error answer. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'OutboundError';
  }

  /**
   * Whether trying again may help: a 5xx, 429 or 408, a timeout, a broken-off or reset transfer. A
   * refused address or URL, an oversized file, a redirect loop and any other 4xx will not change.
   */
  get retryable(): boolean {
    if (this.code === 'http_error') return this.status === undefined || this.status >= 500 || this.status === 429 || this.status === 408;
    return this.code === 'timeout' || this.code === 'truncated' || this.code === 'network';
  }
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const allowPrivate = () => setting('OUTBOUND_ALLOW_PRIVATE');

/** Private, loopback, link-local, multicast and unspecified addresses (IPv4-mapped IPv6 included). */
export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return BLOCKED.check(mapped, 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return (callback as (e: Error) => void)(err);
    const list = addresses as dns.LookupAddress[];
    const refused = list.find((a) => isBlockedAddress(a.address));
    if (refused && !allowPrivate()) {
      return (callback as (e: Error) => void)(new OutboundError(`refusing to connect to ${hostname}: ${refused.address} is a private or local address`, 'blocked_address'));
    }
    if ((options as dns.LookupOptions).all) return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    (callback as (e: null, a: string, f: number) => void)(null, list[0].address, list[0].family);
  });
};

export function parseOutboundUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError('not a valid URL', 'bad_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError(`only http and https URLs are fetched, not ${url.protocol}`, 'bad_url');
  if (url.username || url.password) throw new OutboundError('URLs with credentials are not fetched', 'bad_url');
  // A literal address skips DNS, so it is checked here.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && isBlockedAddress(host) && !allowPrivate()) throw new OutboundError(`refusing to fetch from ${host}: a private or local address`, 'blocked_address');
  return url;
}

export interface DownloadOptions {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
}

function request(url: URL, options: DownloadOptions, signal: AbortSignal): Promise<http.IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, { lookup: guardedLookup, headers: options.headers, signal }, resolve);
    req.on('error', reject);
  });
}

/** Streams a remote file to disk with a size cap and an overall timeout, following safe redirects. */
export async function downloadToFile(rawUrl: string, file: string, options: DownloadOptions): Promise<{ bytes: number; contentType: string | null; finalUrl: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new OutboundError(`the download took longer than ${options.timeoutMs} ms`, 'timeout')), options.timeoutMs);
  try {
    let url = parseOutboundUrl(rawUrl);
    for (let hop = 0; ; hop++) {
      const res = await request(url, options, controller.signal);
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
        res.resume();
        if (hop >= (options.maxRedirects ?? 5)) throw new OutboundError('too many redirects', 'too_many_redirects');
        const next = parseOutboundUrl(new URL(res.headers.location, url).toString());
        // A provider's credentials go to the provider only, never to wherever it redirects.
        if (next.origin !== url.origin) options = { ...options, headers: undefined };
        url = next;
        continue;
      }
      if (!res.statusCode || res.statusCode >= 400) {
        res.resume();
        throw new OutboundError(`the server answered ${res.statusCode}`, 'http_error', res.statusCode, retryAfterMs(res.headers['retry-after']));
      }
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > options.maxBytes) {
        res.destroy();
        throw new OutboundError(`the file is ${declared} bytes, over the ${options.maxBytes}-byte limit`, 'too_large');
      }
      let bytes = 0;
      const cap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          if (bytes > options.maxBytes) done(new OutboundError(`the file is over the ${options.maxBytes}-byte limit`, 'too_large'));
          else done(null, chunk);
        },
      });
      await pipeline(res, cap, createWriteStream(file));
      // A connection closed early can end a body without an error: the declared length tells.
      if (declared > 0 && bytes < declared) throw new OutboundError(`the download broke off after ${bytes} of ${declared} bytes`, 'truncated');
      return { bytes, contentType: res.headers['content-type'] ?? null, finalUrl: url.toString() };
    }
  } catch (err) {
    if (controller.signal.aborted && controller.signal.reason instanceof OutboundError) throw controller.signal.reason;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves a URL's host now and refuses it when any of its addresses is private or local, unless
 * OUTBOUND_ALLOW_PRIVATE: used when a URL is stored (a webhook endpoint), so a mistake is a 4xx
 * at once rather than a failed delivery later. The connection is checked again when it is made.
 */
export async function assertPublicHost(raw: string): Promise<URL> {
  const url = parseOutboundUrl(raw);
  if (allowPrivate()) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return url;
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true });
  } catch {
    throw new OutboundError(`${host} does not resolve`, 'bad_url');
  }
  const refused = addresses.find((a) => isBlockedAddress(a.address));
  if (refused) throw new OutboundError(`${host} resolves to ${refused.address}, a private or local address`, 'blocked_address');
  return url;
}

export interface PostResult {
  status: number;
  /** The Location of a redirect, which is reported, not followed. */
  location: string | null;
  retryAfterMs?: number;
  latencyMs: number;
}

/**
 * One POST through the same guarded lookup as downloads, with an overall timeout. Redirects are
 * not followed (a webhook receiver that redirects has moved; the sender should be told); the
 * answer's body is read and dropped, so the connection can be reused.
 */
export async function postOutbound(rawUrl: string, body: string, options: { headers: Record<string, string>; timeoutMs: number }): Promise<PostResult> {
  const url = parseOutboundUrl(rawUrl);
  const client = url.protocol === 'https:' ? https : http;
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new OutboundError(`no answer within ${options.timeoutMs} ms`, 'timeout')), options.timeoutMs);
  try {
    return await new Promise<PostResult>((resolve, reject) => {
      const req = client.request(
        url,
        { method: 'POST', lookup: guardedLookup, headers: { ...options.headers, 'content-length': String(Buffer.byteLength(body)) }, signal: controller.signal },
        (res) => {
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              location: res.headers.location ?? null,
              retryAfterMs: retryAfterMs(res.headers['retry-after']),
              latencyMs: Math.round(performance.now() - started),
            }),
          );
          res.resume();
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  } catch (err) {
    if (controller.signal.aborted && controller.signal.reason instanceof OutboundError) throw controller.signal.reason;
    if (err instanceof OutboundError) throw err;
    throw new OutboundError(err instanceof Error ? err.message : String(err), 'network');
  } finally {
    clearTimeout(timer);
  }
}
