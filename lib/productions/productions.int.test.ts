import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueHandlers } from '@/jobs/registry';
import { getDb } from '@/lib/db/client';
import { assetFiles, audioJobs, mediaAssets, productions, videoJobs } from '@/lib/db/schema';
import { probe } from '@/lib/media/ffmpeg';
import { productionRenderQueue, queueCatalog } from '@/lib/queue/catalog';
import { createBoss } from '@/lib/queue/boss';
import { sendJob } from '@/lib/queue/send';
import { startWorkers } from '@/lib/queue/workers';
import { getStorage } from '@/lib/storage';
import { apiClient } from '@/lib/testing/api';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { transition } from '@/lib/lifecycle/transitions';
import { sweepProductions } from './sweep';

// Productions on the real pipeline: local renders, local speech, the local aligner and composer,
// real pg-boss workers in this process, real ffmpeg. The composed picture and sound are checked
// in compose.int.test.ts; here, the wiring: children, fan-in, edits, re-renders, refusals.

let env: TestEnvironment;
let api: Awaited<ReturnType<typeof apiClient>>;
let worker: PgBoss;

type Production = {
  id: string;
  status: string;
  progress: number;
  renders: number;
  asset_id: string | null;
  video_url: string | null;
  captions_url: string | null;
  error_message: string | null;
  timeline: { version: number; duration: number; shots: Array<{ id: string; duration: number; source: { job_id: string | null } }>; captions: { style: string }; music: { beats: number[]; downbeats: number[] } | null };
  children: Array<{ role: string; status: string; job_id: string }>;
};

beforeAll(async () => {
  env = await createTestEnvironment();
  api = await apiClient();
  worker = createBoss(env.url, 'worker');
  await worker.start();
  await startWorkers(worker, queueHandlers, queueCatalog);
});
afterAll(async () => {
  // Canceled renders are still stopping and removing their files: let them finish before the
  // data folder goes, or its removal races their last writes.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const busy = [
      ...(await getDb().select({ id: videoJobs.id }).from(videoJobs).where(eq(videoJobs.status, 'processing'))),
      ...(await getDb().select({ id: audioJobs.id }).from(audioJobs).where(eq(audioJobs.status, 'processing'))),
    ];
    if (busy.length === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await worker?.stop({ graceful: true, timeout: 30_000 });
  await env?.cleanup();
});

const get = async (id: string): Promise<Production> => (await (await api.request('GET', `/api/productions/${id}`)).json()).production;

async function waitFor(id: string, until: (p: Production) => boolean, timeoutMs = 240_000): Promise<Production> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await get(id);
    if (until(p)) return p;
    if (Date.now() > deadline) throw new Error(`production ${id} stuck at ${p.status} ${p.progress}%: ${JSON.stringify(p.children)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const settled = (p: Production) => ['completed', 'failed', 'canceled'].includes(p.status);
const childJobs = async (id: string) => ({
  video: await getDb().select().from(videoJobs).where(eq(videoJobs.productionId, id)),
  audio: await getDb().select().from(audioJobs).where(eq(audioJobs.productionId, id)),
});

describe('productions', () => {
  it('refuses a brief the providers or the library cannot satisfy, before anything is queued', async () => {
    const cases: Array<[object, string]> = [
      [{ prompt: 'x', platform: 'tiktok', duration: 90 }, 'duration'],
      [{ prompt: 'x', provider: 'runway' }, 'provider'],
      [{ prompt: 'x', assets: ['00000000-0000-4000-8000-000000000000'] }, 'assets.0'],
      [{ prompt: '', mood: 50 }, 'prompt'],
      [{ prompt: 'x', shots: 0 }, 'shots'],
    ];
    for (const [body, path] of cases) {
      const res = await api.request('POST', '/api/productions', { json: body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await getDb().select().from(productions)).toEqual([]);
    expect(await getDb().select().from(videoJobs)).toEqual([]);
  });

  let first: Production;

  it('makes a finished short from one brief: shots, narration, alignment and music as child jobs, then one composition', async () => {
    const res = await api.request('POST', '/api/productions', {
      json: { prompt: 'A lighthouse keeper at dawn', mood: 40, platform: 'tiktok', duration: 6, shots: 2, narration: 'The light turns once more. Morning comes over the sea.', seed: 'keeper' },
    });
    expect(res.status).toBe(202);
    const created: Production = (await res.json()).production;
    expect(created.timeline.shots).toHaveLength(2);
    expect(created.timeline.duration).toBe(6);
    // Cuts land on the composer's beats.
    const cut = created.timeline.shots[1] as unknown as { start: number };
    expect(created.timeline.music?.beats).toContain(cut.start);
    expect(created.timeline.shots.reduce((s, x) => s + x.duration, 0)).toBeCloseTo(6, 6);

    first = await waitFor(created.id, settled);
    expect(first.error_message).toBeNull();
    expect(first.status).toBe('completed');
    expect(first.renders).toBe(1);
    expect(first.children.map((c) => c.role).sort()).toEqual(['alignment', 'music', 'narration', 'shot:s1', 'shot:s2']);
    expect(first.children.every((c) => c.status === 'completed')).toBe(true);
    const jobs = await childJobs(first.id);
    expect(jobs.video).toHaveLength(2);
    expect(jobs.video.every((j) => j.params.title_card === false)).toBe(true);
    expect(jobs.audio.map((a) => a.generationType).sort()).toEqual(['text_to_music', 'text_to_speech', 'transcription']);
    // Ordinary jobs, visible as such, that say which production they belong to.
    const shotView = (await (await api.request('GET', `/api/video/jobs/${jobs.video[0].id}`)).json()).job;
    expect(shotView.production_id).toBe(first.id);
    const speechView = (await (await api.request('GET', `/api/audio/jobs/${jobs.audio[0].id}`)).json()).job;
    expect(speechView.production_id).toBe(first.id);

    const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, first.asset_id ?? ''));
    const info = await probe(getStorage().localPath?.(asset.storageKey) ?? '');
    expect(info).toMatchObject({ width: 1080, height: 1920, hasAudio: true });
    expect(info.durationSeconds).toBeGreaterThan(6 - 0.05);
    expect(info.durationSeconds).toBeLessThan(6 + 0.1);
    expect(first.video_url).toMatch(/\/content\?exp=/);
    // The library shows it like any video: poster and hover strip.
    for (let i = 0; i < 200; i++) {
      const kinds = (await getDb().select().from(assetFiles).where(eq(assetFiles.assetId, asset.id))).map((f) => f.kind);
      if (kinds.includes('thumbnail') && kinds.includes('sprite')) break;
      if (i === 199) throw new Error(`the short has only ${kinds.join(', ') || 'no'} previews`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(first.captions_url).toMatch(/transcript\.vtt\?exp=/);
  });

  it('refuses a stale edit with 409, takes a current one, and re-renders reusing every child', async () => {
    const current = await get(first.id);
    const ahead = await api.request('PATCH', `/api/productions/${first.id}`, { json: { version: current.timeline.version + 1, captions: { style: 'line' } } });
    expect(ahead.status).toBe(409);
    expect((await ahead.json()).error.code).toBe('conflict');

    const edited = await api.request('PATCH', `/api/productions/${first.id}`, {
      json: { version: current.timeline.version, captions: { style: 'line', position: 'middle' }, shots: [{ id: 's2' }, { id: 's1', transition: 'cut' }] },
    });
    expect(edited.status).toBe(200);
    const after: Production = (await edited.json()).production;
    expect(after.timeline.version).toBe(current.timeline.version + 1);
    expect(after.timeline.shots.map((s) => s.id)).toEqual(['s2', 's1']);
    expect(after.status).toBe('completed');
    const stale = await api.request('PATCH', `/api/productions/${first.id}`, { json: { version: current.timeline.version, captions: { style: 'none' } } });
    expect(stale.status).toBe(409);

    const before = await childJobs(first.id);
    const rendered = await api.request('POST', `/api/productions/${first.id}/render`);
    expect(rendered.status).toBe(200);
    const second = await waitFor(first.id, (p) => settled(p) && p.renders === 2);
    expect(second.status).toBe('completed');
    expect(second.asset_id).not.toBe(first.asset_id);
    const now = await childJobs(first.id);
    expect(now.video.map((j) => j.id).sort()).toEqual(before.video.map((j) => j.id).sort());
    expect(now.audio.map((j) => j.id).sort()).toEqual(before.audio.map((j) => j.id).sort());

    const badTrim = await api.request('PATCH', `/api/productions/${first.id}`, { json: { version: second.timeline.version, shots: [{ id: 's1', duration: 0.1 }] } });
    expect(badTrim.status).toBe(422);
    const unknownShot = await api.request('PATCH', `/api/productions/${first.id}`, { json: { version: second.timeline.version, shots: [{ id: 'nope' }] } });
    expect(unknownShot.status).toBe(422);
  });

  it('composes exactly once when told twice, and again after the composing worker died', async () => {
    const row = (await getDb().select().from(productions).where(eq(productions.id, first.id)))[0];
    // Two messages for a production whose children are all done: one composition.
    await getDb().update(productions).set({ status: 'generating' }).where(eq(productions.id, first.id));
    await Promise.all([sendJob(productionRenderQueue, { productionId: first.id }), sendJob(productionRenderQueue, { productionId: first.id })]);
    const once = await waitFor(first.id, settled);
    expect(once.renders).toBe(row.renders + 1);

    // A worker died mid-composition: the row says composing and no render message is alive.
    await getDb().update(productions).set({ status: 'composing', updatedAt: new Date(Date.now() - 600_000) }).where(eq(productions.id, first.id));
    expect(await sweepProductions(120)).toEqual([first.id]);
    const resumed = await waitFor(first.id, settled);
    expect(resumed.status).toBe('completed');
    expect(resumed.renders).toBe(row.renders + 2);
    const outputs = await getDb().select().from(mediaAssets).where(eq(mediaAssets.sourceJobId, first.id));
    expect(outputs.map((a) => a.sourceRole).sort()).toEqual(Array.from({ length: row.renders + 2 }, (_, i) => `production:${i + 1}`).sort());
  });

  it('fails with the reason when a child fails, cancels its children when canceled, and deletes only when settled', async () => {
    const res = await api.request('POST', '/api/productions', { json: { prompt: 'A long take', mood: 70, platform: 'youtube', duration: 40, shots: 2, music: false, seed: 'cancel' } });
    const created: Production = (await res.json()).production;
    expect((await api.request('DELETE', `/api/productions/${created.id}`)).status).toBe(409);
    const canceled = await api.request('POST', `/api/productions/${created.id}/cancel`);
    expect(canceled.status).toBe(200);
    const jobs = await childJobs(created.id);
    expect(jobs.video.every((j) => ['canceled', 'completed'].includes(j.status))).toBe(true);
    expect((await api.request('POST', `/api/productions/${created.id}/cancel`)).status).toBe(409);
    expect((await api.request('DELETE', `/api/productions/${created.id}`)).status).toBe(200);
    expect((await api.request('GET', `/api/productions/${created.id}`)).status).toBe(404);
    // Its jobs stay as ordinary jobs.
    expect((await getDb().select().from(videoJobs).where(eq(videoJobs.id, jobs.video[0].id)))[0].productionId).toBeNull();

    // A shot that fails after its fallbacks fails the production, with the shot and its reason.
    const doomed: Production = (await (await api.request('POST', '/api/productions', { json: { prompt: 'A storm', mood: 90, platform: 'youtube', duration: 40, shots: 2, music: false, seed: 'doomed' } })).json()).production;
    const shotJob = doomed.timeline.shots[1].source.job_id ?? '';
    await transition('video', shotJob, 'claim');
    await transition('video', shotJob, 'fail', { errorCode: 'provider_failed', errorMessage: 'the provider refused the prompt' });
    const failed = await waitFor(doomed.id, settled);
    expect(failed).toMatchObject({ status: 'failed', error_message: 'shot s2 failed: the provider refused the prompt' });
    await api.request('POST', `/api/productions/${doomed.id}/cancel`);

    const list = await (await api.request('GET', '/api/productions?limit=1')).json();
    expect(list.productions).toHaveLength(1);
  });
});
