import { describe, expect, it } from 'vitest';
import { createRng, fnv1a, mulberry32 } from './random';

describe('seeded randomness', () => {
  it('hashes with 32-bit FNV-1a', () => {
    // Published FNV-1a 32-bit test vectors.
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('repeats the same sequence for the same seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(new Set(xs).size).toBeGreaterThan(990);
  });

  it('separates parts so ("ab","c") and ("a","bc") differ', () => {
    expect(createRng('ab', 'c').next()).not.toBe(createRng('a', 'bc').next());
    expect(createRng('seed', 1).next()).toBe(createRng('seed', '1').next());
  });

  it('shuffles into a permutation without touching the input', () => {
    const input = [1, 2, 3, 4, 5, 6] as const;
    const rng = createRng('shuffle');
    const out = rng.shuffle(input);
    expect([...out].sort()).toEqual([...input]);
    expect(input).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('int and pick stay in range', () => {
    const rng = createRng('range');
    for (let i = 0; i < 500; i++) {
      const n = rng.int(7);
      expect(Number.isInteger(n) && n >= 0 && n < 7).toBe(true);
      expect(['x', 'y']).toContain(rng.pick(['x', 'y']));
    }
    expect(() => rng.pick([])).toThrow(RangeError);
  });
});
