import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CentreExtractor, extractCentreFile } from './centre';

const RATE = 44_100;
const sine = (freq: number, amp: number) => (i: number) => amp * Math.sin((2 * Math.PI * freq * i) / RATE);

function stereo(frames: number, left: (i: number) => number, right: (i: number) => number): Float32Array {
  const out = new Float32Array(frames * 2);
  for (let i = 0; i < frames; i++) {
    out[2 * i] = left(i);
    out[2 * i + 1] = right(i);
  }
  return out;
}

/** Pushes in uneven chunks, as a stream delivers them. */
function run(input: Float32Array, chunkFrames = 1000): Float32Array {
  const extractor = new CentreExtractor(RATE);
  const parts: Float32Array[] = [];
  for (let i = 0; i < input.length; i += chunkFrames * 2) parts.push(extractor.push(input.subarray(i, i + chunkFrames * 2)));
  parts.push(extractor.end());
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Energy of `x − reference(i)` relative to the reference's energy. */
function residual(x: Float32Array, reference: (i: number) => number): number {
  let err = 0;
  let ref = 0;
  for (let i = 0; i < x.length; i++) {
    err += (x[i] - reference(i)) ** 2;
    ref += reference(i) ** 2;
  }
  return err / ref;
}

describe('CentreExtractor', () => {
  it('returns a centred signal unchanged, sample for sample, with the input length', () => {
    const frames = RATE + 123;
    const voice = (i: number) => sine(440, 0.3)(i) + sine(1234, 0.1)(i);
    const out = run(stereo(frames, voice, voice), 777);
    expect(out.length).toBe(frames);
    expect(residual(out, voice)).toBeLessThan(1e-9);
  });

  it('keeps a centred tone and drops a hard-panned one and an out-of-phase one', () => {
    const voice = sine(440, 0.3);
    const guitar = sine(660, 0.3);
    const wide = sine(990, 0.3);
    const out = run(stereo(RATE * 2, (i) => voice(i) + guitar(i) + wide(i), (i) => voice(i) - wide(i)));
    expect(residual(out, voice)).toBeLessThan(1e-3);
  });

  it('is silent for silence and for input shorter than one frame', () => {
    expect(run(new Float32Array(2000)).every((v) => v === 0)).toBe(true);
    const short = run(stereo(10, () => 0.5, () => 0.5));
    expect(short.length).toBe(10);
  });
});

describe('extractCentreFile', () => {
  it('streams float PCM through the extractor, odd chunk boundaries included', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'centre-'));
    try {
      const frames = RATE * 3 + 5;
      const voice = sine(440, 0.3);
      const input = stereo(frames, (i) => voice(i) + sine(660, 0.3)(i), voice);
      await writeFile(path.join(dir, 'in.f32'), Buffer.from(input.buffer));
      await extractCentreFile(path.join(dir, 'in.f32'), path.join(dir, 'out.f32'), RATE);
      const bytes = await readFile(path.join(dir, 'out.f32'));
      const out = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
      expect(out.length).toBe(frames);
      expect(residual(out, voice)).toBeLessThan(1e-3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops when aborted', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'centre-'));
    try {
      await writeFile(path.join(dir, 'in.f32'), Buffer.alloc(8 * RATE));
      const abort = new AbortController();
      abort.abort(new Error('stop'));
      await expect(extractCentreFile(path.join(dir, 'in.f32'), path.join(dir, 'out.f32'), RATE, abort.signal)).rejects.toThrow('stop');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
