import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { audioJobs, mediaAssets } from '@/lib/db/schema';
import { runFfmpeg } from '@/lib/media/ffmpeg';
import { apiClient } from '@/lib/testing/api';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';

/**
 * POST /api/audio/transcribe with an upload: a request refused with a 4xx must leave nothing behind —
 * no asset row, no stored object — whichever check refuses it.
 */
let env: TestEnvironment;
let api: Awaited<ReturnType<typeof apiClient>>;
let silentVideo: Buffer;
let tone: Buffer;

beforeAll(async () => {
  env = await createTestEnvironment();
  api = await apiClient();
  const video = path.join(env.dataDir, 'silent.mp4');
  await runFfmpeg((c) => c.input('testsrc2=size=160x120:rate=10:duration=1').inputFormat('lavfi').outputOptions(['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-an', '-y']).output(video));
  silentVideo = await fs.readFile(video);
  const wav = path.join(env.dataDir, 'tone.wav');
  await runFfmpeg((c) => c.input('sine=frequency=440:duration=1').inputFormat('lavfi').outputOptions(['-ac', '1', '-ar', '16000', '-y']).output(wav));
  tone = await fs.readFile(wav);
});
afterAll(async () => {
  await env?.cleanup();
});

async function storedFiles(): Promise<string[]> {
  const root = path.join(env.dataDir, 'storage');
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

function transcribeUpload(bytes: Buffer, name: string, fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return api.request('POST', '/api/audio/transcribe', { body: form });
}

async function expectNothingLeft() {
  expect(await getDb().select().from(mediaAssets)).toEqual([]);
  expect(await getDb().select().from(audioJobs)).toEqual([]);
  expect(await storedFiles()).toEqual([]);
  expect(await fs.readdir(path.join(env.dataDir, 'work')).catch(() => [])).toEqual([]);
}

describe('transcribing an upload', () => {
  it('refuses a video without a sound track with 422 and keeps no asset and no file', async () => {
    const res = await transcribeUpload(silentVideo, 'silent.mp4', { expected_text: 'nothing to hear' });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: 'unprocessable_entity', message: expect.stringMatching(/no sound track/), details: [{ path: 'file', message: 'no audio' }] });
    await expectNothingLeft();
  });

  it('keeps nothing either when a later check refuses it (an unknown universe)', async () => {
    const res = await transcribeUpload(tone, 'tone.wav', { expected_text: 'a tone', universe_id: '00000000-0000-4000-8000-000000000000' });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toMatch(/universe/);
    await expectNothingLeft();
  });
});
