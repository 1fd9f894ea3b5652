import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { GET as getCatalog } from './catalog/route';
import { POST } from './route';

process.env.LOG_LEVEL = 'silent';

// A real database and a real API key: the routes are called exactly as an integration would.
let env: TestEnvironment;
let authorization = '';
beforeAll(async () => {
  env = await createTestEnvironment();
  authorization = `Bearer ${(await createApiKey('strategy tests')).key}`;
});
afterAll(async () => {
  await env?.cleanup();
});

const PROMPT = 'A lone cyclist crossing a rain-soaked bridge at dusk';

const postRaw = (body: string) =>
  POST(new Request('http://test/api/video/strategy', { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body }));
const post = (body: unknown) => postRaw(JSON.stringify(body));

interface ErrorDetail {
  path: string;
  message: string;
}

async function expectUnprocessable(res: Response, path: string) {
  expect(res.status).toBe(422);
  const { error } = await res.json();
  expect(error.code).toBe('unprocessable_entity');
  expect(error.details.map((d: ErrorDetail) => d.path)).toContain(path);
  return error as { message: string; details: ErrorDetail[] };
}

describe('POST /api/video/strategy', () => {
  it('plans three variations by default and echoes the seed it was given', async () => {
    const res = await post({ prompt: PROMPT, mood: 62, seed: 'first-light' });
    expect(res.status).toBe(200);
    const plan = await res.json();
    expect(plan.seed).toBe('first-light');
    expect(plan.mood_category).toBe('luxury_reveal');
    expect(plan.variations).toHaveLength(3);
    for (const variation of plan.variations) {
      expect(variation).toMatchObject({ mood_category: 'luxury_reveal', aspect_ratio: '16:9', duration: 5 });
      expect(variation.enriched_prompt).toContain(PROMPT);
      expect(Object.keys(variation).sort()).toEqual(
        ['aspect_ratio', 'camera_movement', 'duration', 'enriched_prompt', 'keywords', 'lighting', 'mood_category', 'negative_prompt', 'rationale'].sort(),
      );
    }
  });

  it('returns the same plan for the same seed and input', async () => {
    const request = { prompt: PROMPT, mood: 12, platform: 'tiktok', variations: 5, seed: 42 };
    const first = await (await post(request)).json();
    const second = await (await post(request)).json();
    expect(first.seed).toBe('42');
    expect(first.variations).toHaveLength(5);
    expect(second).toEqual(first);
  });

  it('generates a seed when none is given, and that seed reproduces the plan', async () => {
    const first = await (await post({ prompt: PROMPT, mood: 88 })).json();
    const other = await (await post({ prompt: PROMPT, mood: 88 })).json();
    expect(first.seed).toMatch(/^[0-9a-f]{10}$/);
    expect(other.seed).not.toBe(first.seed);
    const replay = await (await post({ prompt: PROMPT, mood: 88, seed: first.seed })).json();
    expect(replay).toEqual(first);
  });

  it.each([
    ['above 100', 140],
    ['a numeric string', '50'],
    ['null (what JSON makes of NaN)', null],
    ['the string NaN', 'NaN'],
    ['below 0', -1],
  ])('rejects a mood that is %s with 422', async (_, mood) => {
    await expectUnprocessable(await post({ prompt: PROMPT, mood }), 'mood');
  });

  it('rejects a mood that overflows to Infinity with 422', async () => {
    await expectUnprocessable(await postRaw(`{"prompt": "${PROMPT}", "mood": 1e999}`), 'mood');
  });

  it('rejects a missing or blank prompt with 422', async () => {
    await expectUnprocessable(await post({ mood: 50 }), 'prompt');
    await expectUnprocessable(await post({ prompt: '   ', mood: 50 }), 'prompt');
  });

  it('rejects variation counts outside 1–8 with 422', async () => {
    await expectUnprocessable(await post({ prompt: PROMPT, mood: 50, variations: 0 }), 'variations');
    await expectUnprocessable(await post({ prompt: PROMPT, mood: 50, variations: 9 }), 'variations');
  });

  it('answers bad JSON with 400', async () => {
    const res = await postRaw('{"prompt": ');
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad_request');
  });

  it('rejects a duration outside the platform limits with 422 naming the field', async () => {
    const error = await expectUnprocessable(await post({ prompt: PROMPT, mood: 50, platform: 'tiktok', duration: 600 }), 'duration');
    expect(error.message).toMatch(/duration 600 s is outside tiktok limits/);
    expect(error.details).toEqual([{ path: 'duration', message: error.message }]);
  });

  it('rejects an aspect ratio the platform does not offer with 422', async () => {
    await expectUnprocessable(await post({ prompt: PROMPT, mood: 50, platform: 'youtube', aspect_ratio: '9:16' }), 'aspect_ratio');
  });
});

describe('access', () => {
  it('refuses callers without credentials on both routes', async () => {
    const anonymous = await POST(new Request('http://test/api/video/strategy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
    expect(anonymous.status).toBe(401);
    expect((await getCatalog(new Request('http://test/api/video/strategy/catalog'))).status).toBe(401);
  });
});

describe('GET /api/video/strategy/catalog', () => {
  it('lists the four mood categories in slider order with labels and ranges', async () => {
    const res = await getCatalog(new Request('http://test/api/video/strategy/catalog', { headers: { authorization } }));
    expect(res.status).toBe(200);
    const catalog = await res.json();
    expect(catalog.categories.map((c: { id: string }) => c.id)).toEqual(['surreal_trip', 'intimate_story', 'luxury_reveal', 'high_energy']);
    expect(catalog.categories[2]).toMatchObject({ label: 'Luxury reveal', mood_range: { min: 50, max: 75 } });
    expect(catalog.platforms).toHaveLength(6);
    expect(catalog.cameras.find((c: { id: string }) => c.id === 'dolly_slow')).toMatchObject({ label: 'Slow dolly' });
  });
});
