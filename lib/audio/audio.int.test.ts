import fs from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueHandlers } from '@/jobs/registry';
import { queueCatalog } from '@/lib/queue/catalog';
import { getDb } from '@/lib/db/client';
import { assetFiles } from '@/lib/db/schema';
import { probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { createBoss } from '@/lib/queue/boss';
import { startWorkers } from '@/lib/queue/workers';
import { apiClient } from '@/lib/testing/api';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { FAKE_OPENAI_KEY, startFakeWhisper, type FakeWhisper } from '@/lib/testing/fake-whisper';
import { checkWebVtt } from '@/lib/testing/webvtt';
import { GET as GET_VTT } from '@/app/api/audio/jobs/[id]/transcript.vtt/route';
import { LocalSpeechEngine } from '@/lib/audio/local/speech';
import { ingestFile } from '@/lib/media/ingest';

/**
 * The audio product through its API and real workers: local speech (espeak-ng), local music
 * (ffmpeg), local stems, the local aligner (SoundSwallower) and an OpenAI-compatible recogniser
 * (a contract server), ending in assets with waveforms and captions.
 */
let env: TestEnvironment;
let api: Awaited<ReturnType<typeof apiClient>>;
let worker: PgBoss;
let whisper: FakeWhisper;

beforeAll(async () => {
  env = await createTestEnvironment();
  whisper = await startFakeWhisper({ variant: 'whisper.cpp' });
  api = await apiClient();
  worker = createBoss(env.url, 'worker');
  await worker.start();
  await startWorkers(worker, queueHandlers, queueCatalog);
});
afterAll(async () => {
  await worker?.stop({ graceful: false });
  await whisper?.close();
  for (const key of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_TRANSCRIBE_MAX_BYTES']) delete process.env[key];
  await env?.cleanup();
});

type Asset = { id: string; role: string; duration_seconds: number | null; content_url: string; thumbnail_url: string | null };
type Job = {
  id: string;
  status: string;
  provider: string;
  error_message: string | null;
  assets: Asset[];
  details: Record<string, unknown>;
  transcription: { text: string; duration: number; words: Array<{ word: string; start: number; end: number }>; segments: unknown[] } | null;
  transcript_vtt_url: string | null;
};
const getJob = async (id: string): Promise<Job> => (await (await api.request('GET', `/api/audio/jobs/${id}`)).json()).job;
async function settle(id: string, timeoutMs = 90_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(id);
    if (['completed', 'failed', 'canceled'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`stuck: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
async function post(url: string, json: unknown): Promise<Job> {
  const res = await api.request('POST', url, { json });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(202);
  return body.job;
}

const SENTENCE = 'The quiet harbour wakes as fishing boats drift past the old stone lighthouse';
let speechAssetId: string;
let musicAssetId: string;

describe('audio generation', () => {
  it('speaks text with the local engine into an audio asset of plausible length, with a waveform', async () => {
    const job = await settle((await post('/api/audio/generate', { generation_type: 'text_to_speech', text: SENTENCE, voice: 'en-us' })).id);
    expect(job.status, job.error_message ?? '').toBe('completed');
    expect(job.assets).toHaveLength(1);
    const [asset] = job.assets;
    speechAssetId = asset.id;
    // 13 words at ~160 words a minute: about 5 s.
    expect(asset.duration_seconds).toBeGreaterThan(2.5);
    expect(asset.duration_seconds).toBeLessThan(9);
    await expect.poll(async () => (await getDb().select().from(assetFiles).where(eq(assetFiles.assetId, asset.id))).map((f) => f.kind), { timeout: 30_000 }).toContain('waveform');
  });

  it('composes music of the requested length whose tempo follows the mood', async () => {
    const [fast, calm] = await Promise.all([
      post('/api/audio/generate', { generation_type: 'text_to_music', prompt: 'night drive', mood: 90, duration: 8 }),
      post('/api/audio/generate', { generation_type: 'text_to_music', prompt: 'letters home', mood: 35, duration: 8, format: 'wav' }),
    ]);
    const [a, b] = [await settle(fast.id), await settle(calm.id)];
    for (const job of [a, b]) {
      expect(job.status, job.error_message ?? '').toBe('completed');
      expect(job.assets[0].duration_seconds).toBeCloseTo(8, 0);
    }
    expect(Number(a.details.bpm)).toBeGreaterThan(Number(b.details.bpm));
    musicAssetId = a.assets[0].id;
  });

  it('separates stems into one asset each, different from the input', async () => {
    const job = await settle((await post('/api/audio/generate', { generation_type: 'stem_separation', audio_asset_id: musicAssetId })).id);
    expect(job.status, job.error_message ?? '').toBe('completed');
    expect(job.assets.map((a) => a.role).sort()).toEqual(['stem:accompaniment', 'stem:bass', 'stem:drums', 'stem:vocals']);
    const sizes = new Set(job.assets.map((a) => a.duration_seconds && Math.round(a.duration_seconds)));
    expect(sizes).toEqual(new Set([8]));
  });

  it('stops a running engine on cancel, and a retry runs it again to completion', async () => {
    const job = await post('/api/audio/generate', { generation_type: 'text_to_music', prompt: 'long slow reveal', mood: 60, duration: 240, format: 'wav' });
    await expect.poll(async () => (await getJob(job.id)).status, { timeout: 30_000, interval: 100 }).toBe('processing');
    const canceled = await api.request('POST', `/api/audio/jobs/${job.id}/cancel`);
    expect(canceled.status).toBe(200);
    // The worker notices within a second and stops ffmpeg: the job stays canceled with no asset.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await getJob(job.id)).toMatchObject({ status: 'canceled', assets: [] });
    expect((await api.request('POST', `/api/audio/jobs/${job.id}/cancel`)).status).toBe(409);

    expect((await api.request('POST', `/api/audio/jobs/${job.id}/retry`)).status).toBe(200);
    const done = await settle(job.id, 120_000);
    expect(done.status, done.error_message ?? '').toBe('completed');
    expect(done.assets).toHaveLength(1);
    expect(done.assets[0].duration_seconds).toBeCloseTo(240, 0);
  });

  it('refuses what cannot work before queueing', async () => {
    const voice = await api.request('POST', '/api/audio/generate', { json: { generation_type: 'text_to_speech', text: 'x', voice: 'klingon' } });
    expect(voice.status).toBe(422);
    const external = await api.request('POST', '/api/audio/generate', { json: { generation_type: 'text_to_music', prompt: 'x', provider: 'elevenlabs' } });
    expect(external.status).toBe(422);
    expect((await external.json()).error.message).toMatch(/not configured/);
    const missing = await api.request('POST', '/api/audio/generate', { json: { generation_type: 'stem_separation', audio_asset_id: '00000000-0000-4000-8000-000000000000' } });
    expect(missing.status).toBe(422);
  });
});

describe('transcription', () => {
  it('aligns a known script with the local aligner: every word timed, in order; captions validate and attach to the asset', async () => {
    const job = await settle((await post('/api/audio/transcribe', { asset_id: speechAssetId, expected_text: SENTENCE })).id);
    expect(job.status, job.error_message ?? '').toBe('completed');
    expect(job.provider).toBe('pocketsphinx');
    const words = job.transcription!.words;
    expect(words.map((w) => w.word)).toEqual(SENTENCE.split(' '));
    for (let i = 0; i < words.length; i++) {
      expect(words[i].end).toBeGreaterThanOrEqual(words[i].start);
      if (i > 0) expect(words[i].start).toBeGreaterThanOrEqual(words[i - 1].start);
    }
    const vtt = await (await api.request('GET', job.transcript_vtt_url!)).text();
    expect(checkWebVtt(vtt).problems).toEqual([]);
    const asset = (await (await api.request('GET', `/api/media/assets/${speechAssetId}`)).json()).asset;
    expect(asset).toMatchObject({ transcript_job_id: job.id });
    expect(asset.captions_url).toMatch(/transcript\.vtt\?exp=/);
  });

  it('attaches a transcript of a video with speech as captions its player can load from a signed URL', async () => {
    const speech = path.join(env.dataDir, 'narration.wav');
    await new LocalSpeechEngine().synthesize({ text: 'Welcome back to the harbour at night' }, speech);
    const video = path.join(env.dataDir, 'narrated.mp4');
    await runFfmpeg((c) =>
      c
        .input('testsrc2=size=640x360:rate=24:duration=4')
        .inputFormat('lavfi')
        .input(speech)
        .outputOptions(['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-y'])
        .output(video),
    );
    const asset = await ingestFile({ file: video, type: { assetType: 'video', mime: 'video/mp4', extension: 'mp4' }, sourceType: 'uploaded', title: 'narrated' });
    const job = await settle((await post('/api/audio/transcribe', { asset_id: asset.id, expected_text: 'Welcome back to the harbour at night' })).id);
    expect(job.status, job.error_message ?? '').toBe('completed');
    const view = (await (await api.request('GET', `/api/media/assets/${asset.id}`)).json()).asset;
    const captions = await GET_VTT(new Request(new URL(view.captions_url, 'http://test')), { params: Promise.resolve({ id: job.id }) });
    expect(captions.status).toBe(200);
    expect(captions.headers.get('content-type')).toMatch(/^text\/vtt/);
    const { cues, problems } = checkWebVtt(await captions.text());
    expect(problems).toEqual([]);
    expect(cues.map((c) => c.text.join(' ')).join(' ')).toBe('Welcome back to the harbour at night');
  });

  it('refuses to transcribe or split a video that has no sound track', async () => {
    const silent = path.join(env.dataDir, 'silent.mp4');
    await runFfmpeg((c) => c.input('testsrc2=size=320x240:rate=10:duration=1').inputFormat('lavfi').outputOptions(['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y']).output(silent));
    const asset = await ingestFile({ file: silent, type: { assetType: 'video', mime: 'video/mp4', extension: 'mp4' }, sourceType: 'uploaded', title: 'silent' });
    const view = (await (await api.request('GET', `/api/media/assets/${asset.id}`)).json()).asset;
    expect(view.has_audio).toBe(false);
    const transcribe = await api.request('POST', '/api/audio/transcribe', { json: { asset_id: asset.id, expected_text: 'nothing' } });
    expect(transcribe.status).toBe(422);
    expect((await transcribe.json()).error.message).toMatch(/without a sound track/);
    const stems = await api.request('POST', '/api/audio/generate', { json: { generation_type: 'stem_separation', audio_asset_id: asset.id } });
    expect(stems.status).toBe(422);
  });

  it('says what to configure when no recogniser exists for free speech', async () => {
    const res = await api.request('POST', '/api/audio/transcribe', { json: { asset_id: speechAssetId } });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toMatch(/OPENAI_API_KEY/);
  });

  it('transcribes an uploaded long file through an OpenAI-compatible server, split and re-joined with correct offsets', async () => {
    Object.assign(process.env, { OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: whisper.base, OPENAI_TRANSCRIBE_MAX_BYTES: String(150_000) });
    const file = path.join(env.dataDir, 'talk.wav');
    await runFfmpeg((c) => c.input('sine=frequency=300:duration=50').inputFormat('lavfi').outputOptions(['-ac', '1', '-ar', '16000', '-y']).output(file));
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(await fs.readFile(file))], { type: 'audio/wav' }), 'talk.wav');
    form.set('language', 'en');
    const res = await api.request('POST', '/api/audio/transcribe', { body: form });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(202);
    const job = await settle(body.job.id);
    expect(job.status, job.error_message ?? '').toBe('completed');
    expect(job.provider).toBe('openai');
    expect(whisper.requests.length).toBeGreaterThan(1);
    const words = job.transcription!.words;
    expect(words.length).toBeGreaterThan(50);
    for (let i = 1; i < words.length; i++) expect(words[i].start).toBeGreaterThan(words[i - 1].start);
    expect(words.at(-1)!.end).toBeLessThanOrEqual(50.5);
    expect((await probe(file)).durationSeconds).toBeCloseTo(job.transcription!.duration, 0);
  });
});
