import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { listenOnLoopback } from '@/lib/testing/loopback';

/**
 * A stand-in Runway written from docs/providers.md §1, not from the adapter: it insists on the
 * Bearer secret and X-Runway-Version, validates camelCase bodies and pixel ratios, walks tasks
 * through PENDING → THROTTLED → RUNNING → SUCCEEDED, and serves the output MP4. Prompts steer it:
 * "unsafe" fails moderation, "busy" gets one 429, "weird" shows an undocumented status twice,
 * "garbled" answers a task's first look with JSON that is no task (a fault on the way), "flaky
 * output" has the file host answer 503 twice before serving the video.
 */
export const FAKE_RUNWAY_SECRET = 'key_test_secret';
const RATIOS = ['1280:720', '720:1280', '1104:832', '960:960', '832:1104', '1584:672'];
type Task = { id: string; prompt: string; polls: number; canceled: boolean; garbled?: boolean; outputFailures?: number };

export interface FakeRunway {
  base: string;
  seen: Array<{ path: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startFakeRunway(clip: Buffer): Promise<FakeRunway> {
  const tasks = new Map<string, Task>();
  const seen: FakeRunway['seen'] = [];
  let busyOnce = true;
  let base = '';
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  const taskView = (task: Task) => {
    const createdAt = new Date().toISOString();
    if (task.canceled) return { id: task.id, createdAt, status: 'CANCELLED' };
    if (task.prompt.includes('weird') && task.polls < 2) return { id: task.id, createdAt, status: 'ARCHIVED_BY_MAGIC' };
    if (task.prompt.includes('unsafe') && task.polls >= 1) return { id: task.id, createdAt, status: 'FAILED', failure: 'The prompt did not pass moderation', failureCode: 'SAFETY.INPUT.TEXT' };
    const steps = ['PENDING', 'THROTTLED', 'RUNNING'];
    if (task.polls < steps.length) return { id: task.id, createdAt, status: steps[task.polls], ...(steps[task.polls] === 'RUNNING' ? { progress: 0.42 } : {}) };
    return { id: task.id, createdAt, status: 'SUCCEEDED', output: [`${base}/outputs/${task.id}.mp4`] };
  };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/outputs/')) {
      // "flaky output": the file host answers 503 twice before it serves the finished video.
      const owner = tasks.get(url.pathname.slice('/outputs/'.length).replace(/\.mp4$/, ''));
      if (owner?.prompt.includes('flaky output') && (owner.outputFailures ?? 0) < 2) {
        owner.outputFailures = (owner.outputFailures ?? 0) + 1;
        return void res.writeHead(503, { 'content-type': 'text/html' }).end('<html>Service Unavailable</html>');
      }
      return void res.writeHead(200, { 'content-type': 'video/mp4' }).end(clip);
    }
    if (req.headers.authorization !== `Bearer ${FAKE_RUNWAY_SECRET}`) return json(res, 401, { error: 'Invalid API key' });
    if (req.headers['x-runway-version'] !== '2024-11-06') return json(res, 400, { error: 'X-Runway-Version header is required' });
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    if (req.method === 'POST' && (url.pathname === '/v1/text_to_video' || url.pathname === '/v1/image_to_video')) {
      seen.push({ path: url.pathname, body });
      if (String(body.promptText).includes('busy') && busyOnce) {
        busyOnce = false;
        return json(res, 429, { error: 'Too many requests' }, { 'retry-after': '0' });
      }
      if (typeof body.model !== 'string' || !RATIOS.includes(String(body.ratio))) return json(res, 400, { error: 'Validation of body failed: ratio' });
      if (url.pathname === '/v1/image_to_video' && !body.promptImage) return json(res, 400, { error: 'promptImage is required' });
      const id = randomUUID();
      tasks.set(id, { id, prompt: String(body.promptText ?? ''), polls: 0, canceled: false });
      return json(res, 200, { id });
    }
    const match = /^\/v1\/tasks\/([^/]+)$/.exec(url.pathname);
    const task = match ? tasks.get(match[1]) : undefined;
    if (!task) return json(res, 404, { error: 'Task not found' });
    if (req.method === 'DELETE') {
      task.canceled = true;
      return void res.writeHead(204).end();
    }
    if (task.prompt.includes('garbled') && !task.garbled) {
      task.garbled = true;
      return json(res, 200, { ok: true });
    }
    const view = taskView(task);
    task.polls++;
    return json(res, 200, view);
  });
  const listening = await listenOnLoopback(server);
  base = listening.origin;
  return {
    base,
    seen,
    close: listening.close,
  };
}
