import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import http from 'node:http';
import { listenOnLoopback } from '@/lib/testing/loopback';

/**
 * A stand-in fal.ai queue serving Pika v2.2, written from docs/providers.md §4, not from the
 * adapter: `Authorization: Key …`, submits at the model path with the subpath, status/result/cancel
 * at `owner/alias/requests/{id}` WITHOUT it (404 with it), IN_QUEUE → IN_PROGRESS → COMPLETED over
 * status GETs, the output as a File under `video`, and Ed25519-signed webhooks with a JWKS.
 * Prompts steer it: "invalid" → the result answers 422 after COMPLETED; "busy" → one 429 at submit;
 * "weird" → an undocumented status twice; "never" → stays IN_PROGRESS; "garbled" → the first status
 * look answers JSON that is no status, and the first result look an HTML page (faults on the way).
 * Not in the doc, so invented here: the 401 body, the answer to a result asked for too early, and
 * what a cancelled request looks like (COMPLETED carrying `error`/`error_type`).
 */
export const FAKE_FAL_KEY = 'fal-test-key:secret';

const OWNER_ALIAS = '/fal-ai/pika';
const MODELS = { [`${OWNER_ALIAS}/v2.2/text-to-video`]: 'text', [`${OWNER_ALIAS}/v2.2/image-to-video`]: 'image' } as const;
const ASPECTS = ['16:9', '9:16', '1:1', '4:5', '5:4', '3:2', '2:3'];
const RESOLUTIONS = ['720p', '1080p'];
type Request = { id: string; prompt: string; seed: number; polls: number; canceled: boolean; garbled?: Set<string> };
type Issue = { loc: string[]; msg: string; type: string };

export interface FakeFal {
  base: string;
  jwksUrl: string;
  /** How often the JWKS was fetched, to check verifiers cache it. */
  jwksFetches: { count: number };
  seen: Array<{ path: string; query: string; body: Record<string, unknown> }>;
  /** Signs a webhook delivery as fal would; `forge` signs with a key that is not in the JWKS. */
  signDelivery(body: object, opts?: { timestamp?: number; requestId?: string; forge?: boolean }): { rawBody: Buffer; headers: Headers };
  close(): Promise<void>;
}

/** Pika v2.2 inputs per its llms.txt; stricter than fal may be about extra fields, to catch adapter slips. */
function validate(kind: 'text' | 'image', body: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const bad = (field: string, msg: string, type = 'value_error') => issues.push({ loc: ['body', field], msg, type });
  if (typeof body.prompt !== 'string' || !body.prompt) bad('prompt', 'field required', 'missing');
  if (kind === 'image' && typeof body.image_url !== 'string') bad('image_url', 'field required', 'missing');
  if (kind === 'image' && 'aspect_ratio' in body) bad('aspect_ratio', 'extra inputs are not permitted', 'extra_forbidden');
  if (kind === 'text' && 'aspect_ratio' in body && !ASPECTS.includes(String(body.aspect_ratio))) bad('aspect_ratio', `must be one of ${ASPECTS.join(', ')}`, 'enum');
  if ('resolution' in body && !RESOLUTIONS.includes(String(body.resolution))) bad('resolution', "must be '720p' or '1080p'", 'enum');
  if ('duration' in body && body.duration !== 5 && body.duration !== 10) bad('duration', 'must be the integer 5 or 10', 'literal_error');
  if ('seed' in body && !Number.isInteger(body.seed)) bad('seed', 'must be an integer', 'int_type');
  if ('negative_prompt' in body && typeof body.negative_prompt !== 'string') bad('negative_prompt', 'must be a string', 'string_type');
  return issues;
}

export async function startFakeFal(clip: Buffer): Promise<FakeFal> {
  const keys = generateKeyPairSync('ed25519');
  const forger = generateKeyPairSync('ed25519');
  const jwksFetches = { count: 0 };
  const jwks = { keys: [{ ...keys.publicKey.export({ format: 'jwk' }), kid: 'fake-fal-1', use: 'sig', alg: 'EdDSA' }] };
  const requests = new Map<string, Request>();
  const seen: FakeFal['seen'] = [];
  let busyOnce = true;
  let base = '';
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  const statusView = (r: Request) => {
    const logs = [{ message: 'Generating video', level: 'INFO', source: 'user', timestamp: new Date().toISOString() }];
    if (r.canceled) return { status: 'COMPLETED', logs: [], error: 'Request was cancelled', error_type: 'request_cancelled' };
    if (r.prompt.includes('weird') && r.polls < 2) return { status: 'MYSTERIOUSLY_PAUSED' };
    if (r.polls === 0) return { status: 'IN_QUEUE', queue_position: 0, response_url: `${base}${OWNER_ALIAS}/requests/${r.id}` };
    if (r.polls === 1 || r.prompt.includes('never')) return { status: 'IN_PROGRESS', logs, response_url: `${base}${OWNER_ALIAS}/requests/${r.id}` };
    return { status: 'COMPLETED', logs, metrics: { inference_time: 42.5 }, response_url: `${base}${OWNER_ALIAS}/requests/${r.id}` };
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/.well-known/jwks.json') {
      jwksFetches.count++;
      return json(res, 200, jwks);
    }
    if (url.pathname.startsWith('/files/')) return void res.writeHead(200, { 'content-type': 'video/mp4' }).end(clip);
    if (req.headers.authorization !== `Key ${FAKE_FAL_KEY}`) return json(res, 401, { detail: 'Invalid or missing Key authorization' });
    let raw = '';
    for await (const chunk of req) raw += chunk;

    const kind = MODELS[url.pathname as keyof typeof MODELS];
    if (req.method === 'POST' && kind) {
      let body: Record<string, unknown>;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        return json(res, 422, { detail: 'The body is not JSON' });
      }
      seen.push({ path: url.pathname, query: url.search.slice(1), body });
      if (String(body.prompt).includes('busy') && busyOnce) {
        busyOnce = false;
        return json(res, 429, { detail: 'Concurrency limit reached' }, { 'retry-after': '0' });
      }
      const issues = validate(kind, body);
      if (issues.length) return json(res, 422, { detail: issues });
      const id = randomUUID();
      requests.set(id, { id, prompt: String(body.prompt), seed: Number.isInteger(body.seed) ? Number(body.seed) : 1234, polls: 0, canceled: false });
      const at = `${base}${OWNER_ALIAS}/requests/${id}`;
      return json(res, 200, {
        request_id: id,
        response_url: at,
        status_url: `${at}/status`,
        cancel_url: `${at}/cancel`,
        status: 'IN_QUEUE',
        queue_position: 0,
        ...(url.searchParams.has('fal_webhook') ? { gateway_request_id: id } : {}),
      });
    }

    // Only owner/alias: a path that keeps the model's subpath is not found, as on fal.
    const match = new RegExp(`^${OWNER_ALIAS}/requests/([^/]+)(/status|/cancel)?$`).exec(url.pathname);
    const r = match ? requests.get(match[1]) : undefined;
    if (!match || !r) return json(res, 404, { detail: 'Not Found' });
    if (match[2] === '/cancel' && req.method === 'PUT') {
      if (r.polls > 0) return json(res, 400, { status: 'ALREADY_COMPLETED' });
      r.canceled = true;
      return json(res, 202, { status: 'CANCELLATION_REQUESTED' });
    }
    /** True the first time this kind of look at a "garbled" request is made. */
    const garble = (what: string) => {
      if (!r.prompt.includes('garbled')) return false;
      const seen = r.garbled ?? new Set<string>();
      r.garbled = seen;
      if (seen.has(what)) return false;
      seen.add(what);
      return true;
    };
    if (match[2] === '/status' && req.method === 'GET') {
      if (garble('status')) return json(res, 200, { queue: null });
      const view = statusView(r);
      r.polls++;
      return json(res, 200, view);
    }
    if (!match[2] && req.method === 'GET') {
      if (statusView(r).status !== 'COMPLETED' || r.canceled) return json(res, 400, { detail: 'Request is still in progress' });
      if (r.prompt.includes('invalid')) return json(res, 422, { detail: 'The prompt could not be rendered' });
      if (garble('result')) return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>upstream hiccup</body></html>');
      return json(res, 200, { video: { url: `${base}/files/${r.id}.mp4`, content_type: 'video/mp4', file_name: `${r.id}.mp4`, file_size: clip.length }, seed: r.seed });
    }
    return json(res, 405, { detail: 'Method Not Allowed' });
  });
  const listening = await listenOnLoopback(server);
  base = listening.origin;

  return {
    base,
    jwksUrl: `${base}/.well-known/jwks.json`,
    jwksFetches,
    seen,
    signDelivery(body, opts = {}) {
      const rawBody = Buffer.from(JSON.stringify(body));
      const requestId = opts.requestId ?? String((body as { request_id?: unknown }).request_id ?? '');
      const userId = 'fake-user';
      const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
      const message = `${requestId}\n${userId}\n${timestamp}\n${createHash('sha256').update(rawBody).digest('hex')}`;
      const signature = sign(null, Buffer.from(message), (opts.forge ? forger : keys).privateKey).toString('hex');
      const headers = new Headers({
        'X-Fal-Webhook-Request-Id': requestId,
        'X-Fal-Webhook-User-Id': userId,
        'X-Fal-Webhook-Timestamp': timestamp,
        'X-Fal-Webhook-Signature': signature,
      });
      return { rawBody, headers };
    },
    close: listening.close,
  };
}
