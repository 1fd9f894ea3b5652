import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { findSilences, planCuts, splitForUpload } from './split';

let dir: string;
let gappy: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'split-test-'));
  gappy = path.join(dir, 'gappy.wav');
  // 60 s of tone that goes quiet for the last second of every 7.
  await runFfmpeg((c) =>
    c
      .input('sine=frequency=440:duration=60:sample_rate=16000')
      .inputOptions(['-f', 'lavfi'])
      .outputOptions(['-af', "volume='if(lt(mod(t,7),6),1,0)':eval=frame", '-ac', '1', '-y'])
      .output(gappy),
  );
}, 30_000);

afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('planCuts', () => {
  it('cuts at the limit without silences and never leaves a tiny remainder', () => {
    expect(planCuts(100, 30, [])).toEqual([0, 30, 60, 90]);
    expect(planCuts(60.4, 30, [])).toEqual([0, 30, 59.4]);
    expect(planCuts(20, 30, [])).toEqual([0]);
  });

  it('prefers the latest silence in the second half of each piece', () => {
    expect(planCuts(70, 30, [{ start: 10, end: 11 }, { start: 20, end: 21 }, { start: 27, end: 28 }, { start: 55, end: 56 }])).toEqual([0, 27.5, 55.5]);
    // A silence straddling the limit is cut at the limit.
    expect(planCuts(50, 30, [{ start: 29, end: 33 }])).toEqual([0, 30]);
  });
});

describe('splitForUpload', () => {
  it('returns a file that fits as is', async () => {
    const chunks = await splitForUpload(gappy, dir, { maxBytes: 10_000_000 });
    expect(chunks).toEqual([{ file: gappy, offset: 0, duration: expect.closeTo(60, 1) }]);
  });

  it('re-encodes when the format is not accepted, and splits at silences when still too big', async () => {
    const silences = await findSilences(gappy);
    expect(silences.length).toBeGreaterThanOrEqual(8);
    expect(silences[0].start).toBeCloseTo(6, 0);

    const whole = await splitForUpload(gappy, dir, { maxBytes: 10_000_000, formats: ['mp3'] });
    expect(whole).toHaveLength(1);
    expect(path.extname(whole[0].file)).toBe('.mp3');

    const chunks = await splitForUpload(gappy, dir, { maxBytes: 150_000 });
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    let expected = 0;
    for (const c of chunks) {
      expect(Math.abs(c.offset - expected)).toBeLessThan(0.001);
      expect(Math.abs((await probe(c.file)).durationSeconds! - c.duration)).toBeLessThan(0.15); // MP3 padding
      expect((await fs.stat(c.file)).size).toBeLessThanOrEqual(150_000);
      expect((await probe(c.file)).sampleRate).toBe(16000);
      if (c.offset > 0) expect(c.offset % 7).toBeCloseTo(6.5, 1); // the middle of a silence
      expected += c.duration;
    }
    expect(expected).toBeCloseTo(60, 2);
  });
});
