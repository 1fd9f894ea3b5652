import './check-environment';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import next from 'next';
import { GET as assetContent } from '@/app/api/media/assets/[id]/content/route';
import { GET as assetSprite } from '@/app/api/media/assets/[id]/sprite/route';
import { GET as assetThumbnail } from '@/app/api/media/assets/[id]/thumbnail/route';
import { GET as jobDownload } from '@/app/api/video/jobs/[id]/download/route';
import { config } from '@/lib/config';
import { log } from '@/lib/log';

// The web process. Next.js serves the app and the API, except the byte-serving media routes:
// Next strips Content-Length from route-handler responses and bridges every chunk through a web
// stream, so the same route handlers are called here and their responses written to the socket
// as they are (206 with Content-Length, 304, 416), straight from the file.

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const MEDIA_ROUTES: Array<[RegExp, Handler]> = [
  [/^\/api\/media\/assets\/([^/]+)\/content$/, assetContent],
  [/^\/api\/media\/assets\/([^/]+)\/thumbnail$/, assetThumbnail],
  [/^\/api\/media\/assets\/([^/]+)\/sprite$/, assetSprite],
  [/^\/api\/video\/jobs\/([^/]+)\/download$/, jobDownload],
];

/** The media handler for a path, and the id the path names. */
function mediaRoute(pathname: string): { handler: Handler; id: string } | undefined {
  for (const [pattern, handler] of MEDIA_ROUTES) {
    const id = pattern.exec(pathname)?.[1];
    if (id) return { handler, id };
  }
  return undefined;
}

function webRequest(req: http.IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return new Request(new URL(req.url ?? '/', origin), { method: req.method, headers, signal });
}

async function serveMedia(handler: Handler, id: string, req: http.IncomingMessage, res: http.ServerResponse, origin: string) {
  const aborted = new AbortController();
  res.on('close', () => aborted.abort());
  const response = await handler(webRequest(req, origin, aborted.signal), { params: Promise.resolve({ id: decodeURIComponent(id) }) });
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = name === 'set-cookie' ? response.headers.getSetCookie() : value;
  });
  res.writeHead(response.status, headers);
  if (!response.body || req.method === 'HEAD') return void res.end();
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  body.on('error', () => res.destroy());
  body.pipe(res);
}

async function main() {
  const cfg = config();
  const app = next({ dev: false, dir: path.resolve(import.meta.dirname, '..'), hostname: cfg.HOST, port: cfg.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const origin = `http://${cfg.HOST}:${cfg.PORT}`;
  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    const media = req.method === 'GET' || req.method === 'HEAD' ? mediaRoute(pathname) : undefined;
    if (!media) return void handle(req, res);
    serveMedia(media.handler, media.id, req, res, origin).catch((err) => {
      log.error('media response failed', { err });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"internal_error","message":"Something went wrong on our side"}}');
      else res.destroy();
    });
  });
  server.listen(cfg.PORT, cfg.HOST, () => log.info('web server listening', { url: origin }));
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void app.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  log.error('web server failed to start', { err });
  process.exit(1);
});
