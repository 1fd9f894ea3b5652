import type http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { jsonTextOf } from '@/lib/api/route';
import { loadRouteTable, matchRoute, type RouteHandler, type RouteParams } from '@/lib/api/route-table';
import { log } from '@/lib/log';

// The JSON API of the web process (scripts/server.ts). Every app/api route handler made with the
// route() wrapper is called here directly instead of through Next.js: Next's request pipeline
// costs about 2.5 ms of CPU per request on Node 20 (both bodies bridged through web streams, its
// async-context, tracing and rendering layers), several times what a handler itself does, and it
// capped the API at a few hundred requests a second. The handlers and their one wrapper (auth,
// rate limit, validation, idempotency, errors, logging) are the same ones Next would call, found
// the way Next finds them (lib/api/route-table.ts: static segments before [param] before [...rest]).
// Anything not matched here — pages, a method a route does not export, a trailing slash — still
// goes to Next, which answers it as before.

/** Request bodies up to this size (and not multipart uploads) are read before the handler runs. */
const BUFFERED_BODY_BYTES = 1024 * 1024;
/** Answers from this size on are gzipped for a client that accepts it, as Next's compression did. */
const GZIP_FROM_BYTES = 1024;

const routes = await loadRouteTable(path.resolve(import.meta.dirname, '..'));

function match(pathname: string, method: string): { handler: RouteHandler; params: RouteParams; head: boolean } | undefined {
  const found = matchRoute(routes, pathname);
  if (!found) return undefined;
  const { handlers } = found.route;
  // Next answers HEAD with the GET handler and no body.
  const handler = handlers[method] ?? (method === 'HEAD' ? handlers.GET : undefined);
  // Only the wrapper's handlers: anything else keeps whatever Next does with it.
  if (!handler?.endpoint) return undefined;
  return { handler, params: found.params, head: method === 'HEAD' };
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function webRequest(req: http.IncomingMessage, res: http.ServerResponse, origin: string): Promise<Request> {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const length = Number(req.headers['content-length'] ?? Number.NaN);
    const multipart = /^multipart\//i.test(req.headers['content-type'] ?? '');
    if (!multipart && length <= BUFFERED_BODY_BYTES) {
      const body = await readBody(req);
      init.body = new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
    } else {
      // Uploads stream through to the handler, as they do under Next, and see the client go away.
      init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
      init.duplex = 'half';
      const aborted = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) aborted.abort();
      });
      init.signal = aborted.signal;
    }
  }
  return new Request(`${origin}${req.url ?? '/'}`, init);
}

function waitForDrain(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

const acceptsGzip = (req: http.IncomingMessage) => /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? ''));
const compressible = (type: unknown) => /^(application\/([\w.+-]*\+)?json|text\/)/i.test(String(type ?? ''));

/** A whole body, gzipped from GZIP_FROM_BYTES on when the client accepts it, with its Content-Length. */
function sendWhole(whole: Uint8Array, req: http.IncomingMessage, res: http.ServerResponse): void {
  let body = whole;
  if (body.byteLength >= GZIP_FROM_BYTES && !res.hasHeader('content-encoding') && compressible(res.getHeader('content-type')) && acceptsGzip(req)) {
    body = gzipSync(body);
    res.setHeader('content-encoding', 'gzip');
    res.setHeader('vary', 'Accept-Encoding');
    res.removeHeader('content-length');
  }
  if (!res.hasHeader('content-length')) res.setHeader('content-length', body.byteLength);
  res.end(body);
}

/**
 * Writes a web Response to the socket. A JSON answer of the route() wrapper is written from its
 * text, a body of one chunk likewise (both through sendWhole); longer bodies stream.
 */
async function send(response: Response, req: http.IncomingMessage, res: http.ServerResponse, head: boolean): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader('set-cookie', cookies);
  if (!response.body || head) {
    void response.body?.cancel();
    res.end();
    return;
  }
  const text = jsonTextOf(response);
  // Its web body holds nothing but the same text; it is left to the garbage collector unread.
  if (text !== undefined) return sendWhole(Buffer.from(text), req, res);
  const reader = response.body.getReader();
  res.once('close', () => void reader.cancel().catch(() => {}));
  // An event stream is written as it comes: its first event may be minutes away.
  if (/^text\/event-stream/i.test(response.headers.get('content-type') ?? '')) {
    res.flushHeaders();
    for (let next = await reader.read(); !next.done && !res.destroyed; next = await reader.read()) {
      if (!res.write(next.value)) await waitForDrain(res);
    }
    return void res.end();
  }
  const first = await reader.read();
  if (first.done) return void res.end();
  const second = await reader.read();
  if (second.done) return sendWhole(first.value, req, res);
  res.write(first.value);
  for (let next: ReadableStreamReadResult<Uint8Array> = second; !next.done && !res.destroyed; next = await reader.read()) {
    if (!res.write(next.value)) await waitForDrain(res);
  }
  res.end();
}

async function serve(handler: RouteHandler, params: RouteParams, head: boolean, req: http.IncomingMessage, res: http.ServerResponse, origin: string) {
  const response = await handler(await webRequest(req, res, origin), { params: Promise.resolve(params) });
  await send(response, req, res, head);
}

/** Answers a request for an API route handler and returns true; false when Next should answer it. */
export function handleApiRequest(req: http.IncomingMessage, res: http.ServerResponse, origin: string): boolean {
  const url = req.url ?? '/';
  if (!url.startsWith('/api/')) return false;
  const query = url.indexOf('?');
  const pathname = query === -1 ? url : url.slice(0, query);
  // Next redirects a trailing slash to the path without it.
  if (pathname.endsWith('/')) return false;
  let found: ReturnType<typeof match>;
  try {
    found = match(pathname, req.method ?? 'GET');
  } catch {
    // A malformed %-escape in the path: Next answers it as it always did.
    return false;
  }
  if (!found) return false;
  serve(found.handler, found.params, found.head, req, res, origin).catch((err) => {
    log.error('API response failed', { err, path: pathname });
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"internal_error","message":"Something went wrong on our side"}}');
    else res.destroy();
  });
  return true;
}
