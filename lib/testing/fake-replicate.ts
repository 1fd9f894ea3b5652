import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { signStandardWebhook } from '@/lib/providers/webhooks/standard-webhooks';
import { listenOnLoopback } from '@/lib/testing/loopback';

/**
 * A stand-in Replicate written from docs/providers.md §5, not from the adapter: Bearer token,
 * `{detail}` errors, create bodies validated (422), predictions walked starting → processing →
 * succeeded over GETs, output as a URL string (or, for prompts with "many", an array of URLs),
 * cancel → canceled, and the MP4 served. Prompts steer it: "throttle" gets one 429, "fail" fails,
 * "weird" shows an undocumented status twice, "never" stays processing. `GET /v1/predictions` lists
 * them newest first as a page `{previous, next, results}` (the SDK's list). Faults on the way:
 * "lost" → the first create with that prompt starts the prediction, then drops the connection;
 * "garbled" → a prediction's first look answers JSON that is no prediction.
 */
export const FAKE_REPLICATE_TOKEN = 'r8_fake_replicate_token';
export const FAKE_REPLICATE_WEBHOOK_SECRET = `whsec_${Buffer.from('cinemood-fake-replicate-secret!!').toString('base64')}`;
const EVENTS = ['start', 'output', 'logs', 'completed'];

type Prediction = { id: string; model: string; version?: string; input: Record<string, unknown>; webhook?: unknown; filter?: unknown; polls: number; canceled: boolean; createdAt: string };

export interface FakeReplicate {
  /** Includes /v1, like REPLICATE_BASE_URL. */
  base: string;
  seen: Array<{ path: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** A delivery as Replicate sends it: the bare prediction JSON, Standard Webhooks headers. */
export function signedDelivery(prediction: object, opts: { timestamp?: number; secret?: string; id?: string } = {}): { rawBody: Buffer; headers: Headers } {
  const rawBody = Buffer.from(JSON.stringify(prediction));
  const id = opts.id ?? `msg_${randomUUID()}`;
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = signStandardWebhook(opts.secret ?? FAKE_REPLICATE_WEBHOOK_SECRET, id, timestamp, rawBody);
  return { rawBody, headers: new Headers({ 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature }) };
}

export async function startFakeReplicate(clip: Buffer): Promise<FakeReplicate> {
  const predictions = new Map<string, Prediction>();
  const seen: FakeReplicate['seen'] = [];
  let throttleOnce = true;
  const faultedOnce = new Set<string>();
  const firstFault = (what: string, key: string, prompt: string) => prompt.includes(what) && !faultedOnce.has(`${what}:${key}`) && !!faultedOnce.add(`${what}:${key}`);
  let origin = '';
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  const status = (p: Prediction): string => {
    const prompt = String(p.input.prompt);
    if (p.canceled) return 'canceled';
    if (prompt.includes('weird') && p.polls < 2) return 'warming_up';
    if (p.polls === 0) return 'starting';
    if (prompt.includes('never')) return 'processing';
    if (prompt.includes('fail')) return 'failed';
    return p.polls === 1 ? 'processing' : 'succeeded';
  };
  const view = (p: Prediction) => {
    const s = status(p);
    const url = `${origin}/files/${p.id}.mp4`;
    const done = ['succeeded', 'failed', 'canceled'].includes(s);
    return {
      id: p.id,
      model: p.model,
      version: p.version ?? 'hidden',
      input: p.input,
      status: s,
      output: s === 'succeeded' ? (String(p.input.prompt).includes('many') ? [url] : url) : null,
      error: s === 'failed' ? 'CUDA out of memory' : null,
      logs: '',
      metrics: done && !p.canceled ? { predict_time: 12.5, total_time: 14.1 } : {},
      data_removed: false,
      webhook: p.webhook,
      webhook_events_filter: p.filter,
      created_at: p.createdAt,
      started_at: s === 'starting' ? null : p.createdAt,
      completed_at: done ? new Date().toISOString() : null,
      urls: { get: `${origin}/v1/predictions/${p.id}`, cancel: `${origin}/v1/predictions/${p.id}/cancel`, web: `https://replicate.com/p/${p.id}` },
    };
  };
  const invalid = (body: Record<string, unknown>, needsVersion: boolean): string | null => {
    if (needsVersion && typeof body.version !== 'string') return 'version is required';
    const input = body.input as Record<string, unknown> | undefined;
    if (!input || typeof input !== 'object' || Array.isArray(input)) return 'input is required';
    if (typeof input.prompt !== 'string' || !input.prompt) return 'input.prompt is required';
    if (body.webhook !== undefined && (typeof body.webhook !== 'string' || !URL.canParse(body.webhook))) return 'webhook must be a URL';
    const filter = body.webhook_events_filter;
    if (filter !== undefined && (!Array.isArray(filter) || !filter.every((e) => EVENTS.includes(e)))) return `webhook_events_filter must be a subset of ${EVENTS.join(', ')}`;
    return null;
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/files/')) return void res.writeHead(200, { 'content-type': 'video/mp4' }).end(clip);
    if (req.headers.authorization !== `Bearer ${FAKE_REPLICATE_TOKEN}`) return json(res, 401, { title: 'Unauthenticated', detail: 'You did not pass a valid authentication token', status: 401 });
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const modelRoute = /^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/.exec(url.pathname);
    if (req.method === 'POST' && (modelRoute || url.pathname === '/v1/predictions')) {
      seen.push({ path: url.pathname, body });
      const problem = invalid(body, !modelRoute);
      if (problem) return json(res, 422, { title: 'Input validation failed', detail: problem, status: 422 });
      const input = body.input as Record<string, unknown>;
      if (String(input.prompt).includes('throttle') && throttleOnce) {
        throttleOnce = false;
        return json(res, 429, { detail: 'Request was throttled. Your rate limit resets in ~0s.' }, { 'retry-after': '0' });
      }
      const id = randomUUID().replace(/-/g, '').slice(0, 26);
      const model = modelRoute ? `${modelRoute[1]}/${modelRoute[2]}` : 'community/model';
      const p: Prediction = { id, model, version: body.version as string | undefined, input, webhook: body.webhook, filter: body.webhook_events_filter, polls: 0, canceled: false, createdAt: new Date().toISOString() };
      predictions.set(id, p);
      if (firstFault('lost', String(input.prompt), String(input.prompt))) return void res.socket?.destroy();
      return json(res, 201, view(p));
    }
    if (req.method === 'GET' && url.pathname === '/v1/predictions') {
      const results = [...predictions.values()].reverse().slice(0, 100).map(view);
      return json(res, 200, { previous: null, next: null, results });
    }
    const match = /^\/v1\/predictions\/([^/]+)(\/cancel)?$/.exec(url.pathname);
    const p = match ? predictions.get(match[1]) : undefined;
    if (!p) return json(res, 404, { detail: 'Not found.' });
    if (req.method === 'POST' && match![2]) {
      if (!['succeeded', 'failed'].includes(status(p))) p.canceled = true;
      return json(res, 200, view(p));
    }
    if (req.method !== 'GET' || match![2]) return json(res, 405, { detail: 'Method not allowed.' });
    if (firstFault('garbled', p.id, String(p.input.prompt))) return json(res, 200, { detail: null, items: [] });
    const current = view(p);
    p.polls++;
    return json(res, 200, current);
  });
  const listening = await listenOnLoopback(server);
  origin = listening.origin;
  return {
    base: `${origin}/v1`,
    seen,
    close: listening.close,
  };
}
