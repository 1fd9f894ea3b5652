import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { listenOnLoopback } from '@/lib/testing/loopback';

/**
 * A stand-in Kling written from docs/providers.md §2, not from the adapter. It verifies the
 * HS256 JWT (signature, iss, exp, nbf), validates bodies against the documented fields and enums
 * (and, stricter than Kling may be, refuses fields the docs do not list, to catch typos), wraps
 * every answer in {code, message, request_id, data}, walks tasks submitted → processing → succeed
 * and serves the MP4. Prompt words steer it: "unsafe" → 400/1301, "broke" → 429/1102, "crowded" →
 * one 429/1303 then success, "weird" → an undocumented status twice, "fail" → failed, "never" →
 * processing forever. Faults on the way: "lost" → the first create with that prompt makes the task,
 * then drops the connection without an answer; "garbled" → the first create makes the task and
 * answers a truncated body, and the task's first query by task_id answers JSON that is not the envelope; "unindexed" → the first
 * query by external_task_id misses the task.
 */
export const FAKE_KLING_ACCESS_KEY = 'ak_test_kling';
export const FAKE_KLING_SECRET_KEY = 'sk_test_kling_secret';

const TEXT_MODELS = ['kling-v1', 'kling-v1-6', 'kling-v2-master', 'kling-v2-1-master', 'kling-v2-5-turbo', 'kling-v2-6', 'kling-v3'];
const IMAGE_MODELS = [...TEXT_MODELS, 'kling-v1-5', 'kling-v2-1'];
const COMMON = ['model_name', 'model', 'prompt', 'negative_prompt', 'multi_shot', 'shot_type', 'multi_prompt', 'sound', 'cfg_scale', 'mode', 'camera_control', 'duration', 'watermark_info', 'callback_url', 'external_task_id'];
const FIELDS = {
  text2video: new Set([...COMMON, 'aspect_ratio']),
  image2video: new Set([...COMMON, 'image', 'image_tail', 'element_list', 'voice_list', 'static_mask', 'dynamic_masks']),
};
type Kind = keyof typeof FIELDS;
type Task = { id: string; kind: Kind; prompt: string; duration: string; externalId?: string; polls: number; createdAt: number };

export interface FakeKling {
  base: string;
  seen: Array<{ path: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** v1/v2.x take "5"|"10"; v3 takes "3"…"15" (docs/providers.md §2's reading of the Capability Map). */
const durationsFor = (model: string) => (model === 'kling-v3' ? Array.from({ length: 13 }, (_, i) => String(i + 3)) : ['5', '10']);

/** The first reason the body breaks the documented contract, or null. */
function invalid(kind: Kind, body: Record<string, unknown>): string | null {
  const unknown = Object.keys(body).find((k) => !FIELDS[kind].has(k));
  if (unknown) return `unknown field ${unknown}`;
  const model = String(body.model_name ?? 'kling-v1');
  if (!(kind === 'text2video' ? TEXT_MODELS : IMAGE_MODELS).includes(model)) return `model_name ${model} is not supported`;
  if (body.duration !== undefined && (typeof body.duration !== 'string' || !durationsFor(model).includes(body.duration))) return 'duration must be a string the model allows';
  if (body.prompt !== undefined && (typeof body.prompt !== 'string' || body.prompt.length > 2500)) return 'prompt must be a string of at most 2500 chars';
  if (body.negative_prompt !== undefined && (typeof body.negative_prompt !== 'string' || body.negative_prompt.length > 2500)) return 'negative_prompt too long';
  if (body.mode !== undefined && !['std', 'pro'].includes(String(body.mode))) return 'mode must be std or pro';
  if (kind === 'text2video') {
    if (body.aspect_ratio !== undefined && !['16:9', '9:16', '1:1'].includes(String(body.aspect_ratio))) return 'aspect_ratio must be 16:9, 9:16 or 1:1';
    if (typeof body.prompt !== 'string' || !body.prompt) return 'prompt is required';
  } else {
    if (!body.image && !body.image_tail) return 'image or image_tail is required';
    if ([body.image, body.image_tail].some((i) => typeof i === 'string' && i.startsWith('data:'))) return 'image must be a URL or raw base64 without a data: prefix';
    if (body.image_tail && body.camera_control) return 'image_tail and camera_control cannot be used together';
  }
  return null;
}

/** 0 when the Bearer JWT is good, else the documented 1000–1004 code (1004 = expired). */
function authCode(header: string | undefined): number {
  if (!header) return 1001;
  const match = /^Bearer (\S+)$/.exec(header);
  const parts = match?.[1].split('.') ?? [];
  if (parts.length !== 3) return 1002;
  const expected = createHmac('sha256', FAKE_KLING_SECRET_KEY).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 1002;
  try {
    const head = JSON.parse(Buffer.from(parts[0], 'base64url').toString()) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString()) as Record<string, unknown>;
    const now = Date.now() / 1000;
    if (head.alg !== 'HS256' || claims.iss !== FAKE_KLING_ACCESS_KEY) return 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= now) return 1004;
    if (typeof claims.nbf !== 'number' || claims.nbf > now) return 1003;
    return 0;
  } catch {
    return 1002;
  }
}

export async function startFakeKling(clip: Buffer): Promise<FakeKling> {
  const tasks = new Map<string, Task>();
  const seen: FakeKling['seen'] = [];
  const crowdedOnce = new Set<string>();
  const faultedOnce = new Set<string>();
  /** True the first time a fault is asked for with this prompt. */
  const firstFault = (what: string, prompt: string) => prompt.includes(what) && !faultedOnce.has(`${what}:${prompt}`) && !!faultedOnce.add(`${what}:${prompt}`);
  let base = '';
  const send = (res: http.ServerResponse, status: number, code: number, message: string, data?: unknown) =>
    res
      .writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '0' } : {}) })
      .end(JSON.stringify({ code, message, request_id: randomUUID(), ...(data === undefined ? {} : { data }) }));
  const taskView = (task: Task) => {
    const steps = task.prompt.includes('weird') ? ['magically_archived', 'magically_archived', 'submitted', 'processing'] : ['submitted', 'processing'];
    const never = task.prompt.includes('never');
    const status = task.polls < steps.length ? steps[task.polls] : never ? 'processing' : task.prompt.includes('fail') ? 'failed' : 'succeed';
    const view = { task_id: task.id, task_status: status, task_status_msg: '', task_info: { external_task_id: task.externalId }, created_at: task.createdAt, updated_at: Date.now() };
    if (status === 'failed') return { ...view, task_status_msg: 'Failure to pass the risk control system' };
    if (status !== 'succeed') return view;
    const videos = [{ id: `${task.id}-v`, url: `${base}/outputs/${task.id}.mp4`, watermark_url: `${base}/outputs/${task.id}-wm.mp4`, duration: task.duration }];
    return { ...view, task_result: { videos }, final_unit_deduction: task.duration === '10' ? '2' : '1' };
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname.startsWith('/outputs/')) return void res.writeHead(200, { 'content-type': 'video/mp4' }).end(clip);
    const auth = authCode(req.headers.authorization);
    if (auth) return send(res, 401, auth, auth === 1004 ? 'token expired' : 'Authorization failed');
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const create = /^\/v1\/videos\/(text2video|image2video)$/.exec(url.pathname);
    if (req.method === 'POST' && create) {
      const kind = create[1] as Kind;
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return send(res, 400, 1200, 'request body is not JSON');
      }
      seen.push({ path: url.pathname, body });
      const prompt = String(body.prompt ?? '');
      const problem = invalid(kind, body);
      if (problem) return send(res, 400, 1201, problem);
      if (prompt.includes('unsafe')) return send(res, 400, 1301, 'Failure to pass the risk control system');
      if (prompt.includes('broke')) return send(res, 429, 1102, 'resource pack exhausted');
      if (prompt.includes('crowded') && !crowdedOnce.has(prompt)) {
        crowdedOnce.add(prompt);
        return send(res, 429, 1303, 'parallel task over resource pack limit');
      }
      if (body.external_task_id !== undefined && [...tasks.values()].some((t) => t.externalId === body.external_task_id)) {
        // The docs: external_task_id must be unique per account.
        return send(res, 400, 1201, 'external_task_id already exists');
      }
      const task: Task = { id: randomUUID(), kind, prompt, duration: String(body.duration ?? '5'), externalId: body.external_task_id as string | undefined, polls: 0, createdAt: Date.now() };
      tasks.set(task.id, task);
      // The task exists and its credit is taken; only the answer goes missing or arrives broken.
      if (firstFault('lost', prompt)) return void res.socket?.destroy();
      if (firstFault('garbled', prompt)) return void res.writeHead(200, { 'content-type': 'application/json' }).end(`{"code":0,"message":"SUCCEED","data":{"task_id":"${task.id.slice(0, 8)}`);
      return send(res, 200, 0, 'SUCCEED', { task_id: task.id, task_status: 'submitted', task_info: { external_task_id: task.externalId }, created_at: task.createdAt, updated_at: task.createdAt });
    }
    const query = /^\/v1\/videos\/(text2video|image2video)\/([^/]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || !query) return send(res, 404, 1202, 'invalid request method or path');
    const id = decodeURIComponent(query[2]);
    const task = tasks.get(id) ?? [...tasks.values()].find((t) => t.externalId === id);
    if (!task || task.kind !== query[1]) return send(res, 404, 1203, 'task not found');
    // "unindexed": the first query by external_task_id misses a task that exists (still being recorded).
    if (id !== task.id && firstFault('unindexed', `query:${task.id}:${task.prompt}`)) return send(res, 404, 1203, 'task not found');
    if (id === task.id && firstFault('garbled', `query:${task.id}:${task.prompt}`)) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","result":null}');
    const view = taskView(task);
    task.polls++;
    return send(res, 200, 0, 'SUCCEED', view);
  });
  const listening = await listenOnLoopback(server);
  base = listening.origin;
  return {
    base,
    seen,
    close: listening.close,
  };
}
