import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { listenOnLoopback } from '@/lib/testing/loopback';

/**
 * A stand-in Luma from docs/providers.md §3: Bearer auth, `POST /generations/video` with a
 * string duration and a ratio string, a `state` that goes queued → dreaming → completed (or
 * failed with `failure_reason`), the output at `assets.video`, and DELETE. Prompts steer it:
 * "refuse" fails, "busy" gets one 429, "weird" shows an undocumented state twice, "never" dreams forever.
 * `GET /generations?limit&offset` lists them newest first with the recorded `request` (the SDK's
 * list shape). Faults on the way: "lost" → the first create with that prompt makes the generation,
 * then drops the connection; "garbled" → a generation's first look answers JSON that is no generation.
 */
export const FAKE_LUMA_KEY = 'luma-test-key';
const RATIOS = ['1:1', '16:9', '9:16', '4:3', '3:4', '21:9', '9:21'];
const MODELS = ['ray-1-6', 'ray-2', 'ray-flash-2'];

export interface FakeLuma {
  base: string;
  seen: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startFakeLuma(clip: Buffer, port = 0): Promise<FakeLuma> {
  const generations = new Map<string, { polls: number; prompt: string; deleted: boolean; request: Record<string, unknown>; createdAt: string }>();
  const faultedOnce = new Set<string>();
  const firstFault = (what: string, key: string, prompt: string) => prompt.includes(what) && !faultedOnce.has(`${what}:${key}`) && !!faultedOnce.add(`${what}:${key}`);
  const seen: Array<Record<string, unknown>> = [];
  let busyOnce = true;
  let base = '';
  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/files/')) return void res.writeHead(200, { 'content-type': 'video/mp4' }).end(clip);
    if (req.headers.authorization !== `Bearer ${FAKE_LUMA_KEY}`) return send(401, { detail: 'Invalid API key' });
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.method === 'POST' && url.pathname === '/generations/video') {
      const body = JSON.parse(raw) as Record<string, unknown>;
      seen.push(body);
      if (String(body.prompt).includes('busy') && busyOnce) {
        busyOnce = false;
        return send(429, { detail: 'Too many requests' }, { 'retry-after': '0' });
      }
      if (!MODELS.includes(String(body.model)) || !RATIOS.includes(String(body.aspect_ratio)) || !['5s', '9s'].includes(String(body.duration))) {
        return send(400, { detail: 'Invalid request' });
      }
      const id = randomUUID();
      const createdAt = new Date().toISOString();
      generations.set(id, { polls: 0, prompt: String(body.prompt), deleted: false, request: body, createdAt });
      if (firstFault('lost', String(body.prompt), String(body.prompt))) return void res.socket?.destroy();
      return send(201, { id, state: 'queued', generation_type: 'video', assets: null, created_at: new Date().toISOString(), model: body.model, request: body });
    }
    if (req.method === 'GET' && url.pathname === '/generations') {
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 10)));
      const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0));
      const all = [...generations.entries()].filter(([, g]) => !g.deleted).reverse();
      const page = all.slice(offset, offset + limit).map(([id, g]) => ({ id, state: g.polls === 0 ? 'queued' : 'dreaming', generation_type: 'video', created_at: g.createdAt, model: g.request.model, request: g.request, assets: null }));
      return send(200, { generations: page, count: page.length, has_more: offset + limit < all.length, limit, offset });
    }
    const match = /^\/generations\/([^/]+)$/.exec(url.pathname);
    const gen = match ? generations.get(match[1]) : undefined;
    if (!gen || gen.deleted) return send(404, { detail: 'Generation not found' });
    if (req.method === 'DELETE') {
      gen.deleted = true;
      return void res.writeHead(204).end();
    }
    if (firstFault('garbled', match![1], gen.prompt)) return send(200, { ok: true, data: null });
    const polls = gen.polls++;
    let state: string;
    if (gen.prompt.includes('never')) state = 'dreaming';
    else if (gen.prompt.includes('weird') && polls < 2) state = 'hallucinating';
    else if (gen.prompt.includes('refuse') && polls >= 1) state = 'failed';
    else state = ['queued', 'dreaming', 'completed'][Math.min(gen.prompt.includes('weird') ? polls - 2 : polls, 2)];
    return send(200, {
      id: match![1],
      state,
      failure_reason: state === 'failed' ? 'Prompt violates the content policy' : null,
      assets: state === 'completed' ? { video: `${base}/files/${match![1]}.mp4`, image: `${base}/files/${match![1]}.jpg` } : null,
    });
  });
  const listening = await listenOnLoopback(server, port);
  base = listening.origin;
  return {
    base,
    seen,
    close: listening.close,
  };
}
