/**
 * Seeded randomness for the engine. The engine never touches Math.random: the
 * caller supplies a seed (the API layer generates and returns one), so any plan
 * can be reproduced exactly from its request plus seed.
 */

/** 32-bit FNV-1a over UTF-16 code units: tiny, fast and good enough to spread seeds. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a one-word-state PRNG with a full 2^32 period; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rng {
  next(): number;
  /** Integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  /** Returns a shuffled copy; the input is left untouched. */
  shuffle<T>(items: readonly T[]): T[];
}

/**
 * Builds an RNG from a seed plus any inputs that should influence the draw.
 * Parts are joined with a NUL separator so ("ab","c") and ("a","bc") differ.
 */
export function createRng(...parts: ReadonlyArray<string | number>): Rng {
  const next = mulberry32(fnv1a(parts.map(String).join('\u0000')));
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[int(items.length)];
    },
    shuffle<T>(items: readonly T[]): T[] {
      const copy = items.slice();
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy;
    },
  };
}
