import type http from 'node:http';
import { GET as assetContent } from '@/app/api/media/assets/[id]/content/route';
import { GET as assetSprite } from '@/app/api/media/assets/[id]/sprite/route';
import { GET as assetThumbnail } from '@/app/api/media/assets/[id]/thumbnail/route';
import { GET as jobDownload } from '@/app/api/video/jobs/[id]/download/route';
import { log } from '@/lib/log';
import { sendResponse } from '@/lib/storage/send';

// The byte-serving media routes of the web process (scripts/server.ts). Next.js strips
// Content-Length from route-handler responses and bridges every chunk through a web stream, so
// the same route handlers are called here and their responses written to the socket as they are
// (206 with Content-Length, 304, 416), the bytes straight from the file (lib/storage/send.ts).

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
  await sendResponse(response, req, res);
}

/** Answers a media request (GET or HEAD on a media route) and returns true; false for anything else. */
export function handleMediaRequest(req: http.IncomingMessage, res: http.ServerResponse, origin: string): boolean {
  const pathname = (req.url ?? '/').split('?')[0];
  const media = req.method === 'GET' || req.method === 'HEAD' ? mediaRoute(pathname) : undefined;
  if (!media) return false;
  serveMedia(media.handler, media.id, req, res, origin).catch((err) => {
    log.error('media response failed', { err });
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"internal_error","message":"Something went wrong on our side"}}');
    else res.destroy();
  });
  return true;
}
