import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '@/lib/media/ffmpeg';
import { FAKE_AUDIO_KEYS, FAKE_AUDIO_SECONDS, startFakeAudioProviders, type FakeAudioProviders } from '@/lib/testing/fake-audio-providers';
import type { MusicRequest } from '../types';
import { SunoUnofficialEngine, sunoConfigFromEnv, type SunoConfig } from './suno-unofficial';

let fake: FakeAudioProviders;
let dir: string;
const savedAllow = process.env.OUTBOUND_ALLOW_PRIVATE;
beforeAll(async () => {
  process.env.OUTBOUND_ALLOW_PRIVATE = '1';
  fake = await startFakeAudioProviders();
  dir = await mkdtemp(path.join(os.tmpdir(), 'suno-'));
});
afterAll(async () => {
  if (savedAllow === undefined) delete process.env.OUTBOUND_ALLOW_PRIVATE;
  else process.env.OUTBOUND_ALLOW_PRIVATE = savedAllow;
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const engine = (extra: Partial<SunoConfig> = {}) => new SunoUnofficialEngine({ apiKey: FAKE_AUDIO_KEYS.suno, baseUrl: fake.base, model: 'V4_5', timeoutSeconds: 30, pollMs: 5, backoffMs: 1, ...extra });
const music = (prompt: string, extra: Partial<MusicRequest> = {}): MusicRequest => ({ prompt, durationSeconds: 30, mood: 60, moodCategory: 'luxury_reveal', ...extra });
const out = (name: string) => path.join(dir, name);
const polls = (taskId: string) => fake.seen.filter((s) => s.path === '/api/v1/generate/record-info' && s.query.taskId === taskId);

describe('Suno (unofficial wrapper) against the sunoapi.org-style contract', () => {
  it('is labelled unofficial and only configured when both variables are set (no default base URL)', () => {
    expect(engine().note).toMatch(/^UNOFFICIAL/);
    const saved = { ...process.env };
    try {
      delete process.env.SUNO_UNOFFICIAL_BASE_URL;
      process.env.SUNO_UNOFFICIAL_API_KEY = 'k';
      expect(sunoConfigFromEnv()).toBeNull();
      process.env.SUNO_UNOFFICIAL_BASE_URL = 'https://wrapper.example.com/';
      delete process.env.SUNO_UNOFFICIAL_API_KEY;
      expect(sunoConfigFromEnv()).toBeNull();
      process.env.SUNO_UNOFFICIAL_API_KEY = 'k';
      expect(sunoConfigFromEnv()).toMatchObject({ apiKey: 'k', baseUrl: 'https://wrapper.example.com', model: 'V4_5' });
    } finally {
      process.env = saved;
    }
  });

  it('creates a non-custom task, polls PENDING → … → SUCCESS and downloads the first track', async () => {
    const result = await engine().compose(music('velvet lounge jazz'), out('a.mp3'));
    const create = fake.seen.find((s) => s.method === 'POST' && s.body.prompt === 'velvet lounge jazz')!;
    expect(create.path).toBe('/api/v1/generate');
    expect(create.headers.authorization).toBe(`Bearer ${FAKE_AUDIO_KEYS.suno}`);
    expect(create.body).toEqual({ customMode: false, instrumental: true, model: 'V4_5', prompt: 'velvet lounge jazz' });
    const taskId = result.details!.taskId as string;
    expect(polls(taskId)).toHaveLength(4);
    expect(result).toMatchObject({ extension: 'mp3', details: { trackId: `${taskId}-0`, requestedDurationSeconds: 30, actualDurationSeconds: FAKE_AUDIO_SECONDS, unofficial: true } });
    const info = await probe(out('a.mp3'));
    expect(info.hasAudio).toBe(true);
    expect(info.durationSeconds).toBeGreaterThan(2.5);
  });

  it('takes FIRST_SUCCESS when it already carries an audio URL', async () => {
    const result = await engine().compose(music('early bird', { instrumental: false }), out('b.mp3'));
    expect(polls(result.details!.taskId as string)).toHaveLength(3);
    expect(fake.seen.find((s) => s.body.prompt === 'early bird')!.body).toMatchObject({ instrumental: false });
  });

  it('repeats a create refused with 430 (rate limited); 429 in the body is out of credits, permanent', async () => {
    await engine().compose(music('busy street'), out('c.mp3'));
    expect(fake.seen.filter((s) => s.method === 'POST' && s.body.prompt === 'busy street')).toHaveLength(2);
    await expect(engine().compose(music('no credits left'), out('d.mp3'))).rejects.toMatchObject({ name: 'AudioEngineError', kind: 'permanent', message: expect.stringContaining('credits are insufficient') });
  });

  it('stops on SENSITIVE_WORD_ERROR with the wrapper’s message, permanently', async () => {
    await expect(engine().compose(music('forbidden lyrics'), out('e.mp3'))).rejects.toMatchObject({ kind: 'permanent', message: expect.stringContaining('sensitive words') });
    await expect(engine({ apiKey: 'wrong' }).compose(music('x'), out('f.mp3'))).rejects.toMatchObject({ kind: 'permanent' });
  });
});
