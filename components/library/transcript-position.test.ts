import { describe, expect, it } from 'vitest';
import { activeWordIndex } from './transcript-position';

const words = [
  { word: 'The', start: 0.3, end: 0.5 },
  { word: 'quiet', start: 0.5, end: 0.9 },
  { word: 'harbour', start: 1.4, end: 2.0 },
];

describe('activeWordIndex', () => {
  it('is -1 before the first word and follows starts after that', () => {
    expect(activeWordIndex(words, 0)).toBe(-1);
    expect(activeWordIndex(words, 0.31)).toBe(0);
    expect(activeWordIndex(words, 0.6)).toBe(1);
    expect(activeWordIndex(words, 2.5)).toBe(2);
  });

  it('keeps the previous word lit through a pause', () => {
    expect(activeWordIndex(words, 1.2)).toBe(1);
  });

  it('handles an empty transcript and agrees with a linear scan on many words', () => {
    expect(activeWordIndex([], 3)).toBe(-1);
    const many = Array.from({ length: 1000 }, (_, i) => ({ word: `w${i}`, start: i * 0.37, end: i * 0.37 + 0.3 }));
    for (const t of [0, 1.1, 50.05, 369.9, 400]) {
      const linear = many.reduce((found, w, i) => (w.start <= t + 0.02 ? i : found), -1);
      expect(activeWordIndex(many, t)).toBe(linear);
    }
  });
});
