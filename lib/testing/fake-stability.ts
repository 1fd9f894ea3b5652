import { randomBytes } from 'node:crypto';
import http from 'node:http';
import busboy from 'busboy';
import { listenOnLoopback } from '@/lib/testing/loopback';

/**
 * A stand-in Stability image-to-video written from docs/providers.md §6, not from the adapter:
 * Bearer auth, a multipart upload whose `image` must be a PNG or JPEG of exactly 1024×576,
 * 576×1024 or 768×768, range checks on motion_bucket_id and cfg_scale, then a result that
 * answers 202 twice before the MP4 bytes. Seeds steer it: 429 gets one throttle first, 451 ends
 * as a JSON `finish_reason: CONTENT_FILTERED`, 200 answers its finished result once with an HTML
 * page (a proxy's, a fault on the way) before the video.
 */
export const FAKE_STABILITY_KEY = 'sk-test-stability';
const SIZES = ['1024x576', '576x1024', '768x768'];

export interface FakeStability {
  base: string;
  /** Every upload parsed, in arrival order, including throttled ones. */
  uploads: Array<{ width: number; height: number; fields: Record<string, string> }>;
  close(): Promise<void>;
}

/** Width and height from a PNG's IHDR or a JPEG's SOF marker; null for anything else. */
function imageSize(b: Buffer): { width: number; height: number } | null {
  if (b.length >= 24 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return null;
  for (let i = 2; i + 9 < b.length; ) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
    }
    i += 2 + b.readUInt16BE(i + 2);
  }
  return null;
}

function parseMultipart(req: http.IncomingMessage): Promise<{ fields: Record<string, string>; image?: Buffer }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let image: Buffer | undefined;
    const bb = busboy({ headers: req.headers, limits: { fileSize: 10 * 1024 * 1024 } });
    bb.on('field', (name, value) => (fields[name] = value));
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (name === 'image') image = Buffer.concat(chunks);
      });
    });
    bb.on('close', () => resolve({ fields, image }));
    bb.on('error', reject);
    req.pipe(bb);
  });
}

const inRange = (v: string | undefined, min: number, max: number) => v === undefined || (v.trim() !== '' && Number(v) >= min && Number(v) <= max);

export async function startFakeStability(clip: Buffer): Promise<FakeStability> {
  const results = new Map<string, { polls: number; seed: string; garbled?: boolean }>();
  const uploads: FakeStability['uploads'] = [];
  let throttleOnce = true;
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  const error = (res: http.ServerResponse, status: number, name: string, message: string, headers?: Record<string, string>) =>
    json(res, status, { id: randomBytes(16).toString('hex'), name, errors: [message] }, headers);

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.headers.authorization !== `Bearer ${FAKE_STABILITY_KEY}`) return error(res, 401, 'unauthorized', 'missing or invalid API key');
    if (req.method === 'POST' && url.pathname === '/v2beta/image-to-video') {
      if (!String(req.headers['content-type']).startsWith('multipart/form-data')) return error(res, 400, 'bad_request', 'content-type must be multipart/form-data');
      let form: Awaited<ReturnType<typeof parseMultipart>>;
      try {
        form = await parseMultipart(req);
      } catch {
        return error(res, 400, 'bad_request', 'the multipart body could not be parsed');
      }
      const size = form.image ? imageSize(form.image) : null;
      if (form.image) uploads.push({ width: size?.width ?? 0, height: size?.height ?? 0, fields: form.fields });
      if (form.fields.seed === '429' && throttleOnce) {
        throttleOnce = false;
        return error(res, 429, 'rate_limit_exceeded', 'You have exceeded the rate limit', { 'retry-after': '0' });
      }
      if (!form.image) return error(res, 400, 'bad_request', 'image: required');
      if (!size) return error(res, 400, 'bad_request', 'image: must be a png or jpeg');
      if (!SIZES.includes(`${size.width}x${size.height}`)) return error(res, 400, 'bad_request', 'image: dimensions must be 1024x576, 576x1024 or 768x768');
      if (!inRange(form.fields.motion_bucket_id, 1, 255)) return error(res, 400, 'bad_request', 'motion_bucket_id: must be between 1 and 255');
      if (!inRange(form.fields.cfg_scale, 0, 10)) return error(res, 400, 'bad_request', 'cfg_scale: must be between 0 and 10');
      const id = randomBytes(32).toString('hex');
      results.set(id, { polls: 0, seed: form.fields.seed ?? '0' });
      return json(res, 200, { id });
    }
    const match = /^\/v2beta\/image-to-video\/result\/([^/]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || !match) return error(res, 404, 'not_found', 'no such endpoint');
    const result = results.get(match[1]);
    if (!result) return error(res, 404, 'not_found', `generation ${match[1]} not found`);
    const accept = String(req.headers.accept ?? '');
    if (!accept.includes('video/') && !accept.includes('application/json')) return error(res, 400, 'bad_request', 'accept must be video/* or application/json');
    if (result.polls++ < 2) return json(res, 202, { id: match[1], status: 'in-progress' });
    if (result.seed === '451') return json(res, 200, { finish_reason: 'CONTENT_FILTERED', seed: 451 });
    if (result.seed === '200' && !result.garbled) {
      result.garbled = true;
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Service temporarily unavailable</body></html>');
    }
    // Asked for JSON (even alongside video/*), it answers the documented JSON form.
    if (accept.includes('application/json')) return json(res, 200, { video: clip.toString('base64'), finish_reason: 'SUCCESS', seed: Number(result.seed) });
    return void res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(clip.length) }).end(clip);
  });
  const listening = await listenOnLoopback(server);
  return {
    base: listening.origin,
    uploads,
    close: listening.close,
  };
}
