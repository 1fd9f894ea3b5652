import { describe, expect, it } from 'vitest';
import { ENRICHED_PROMPT_MAX, enrichPrompt, joinWords, negativePrompt, normalizePrompt, type EnrichInput } from './enrich';
import { CATEGORIES } from './matrix';

const base: Omit<EnrichInput, 'prompt'> = {
  category: 'luxury_reveal',
  camera: 'dolly_slow',
  lighting: 'golden_hour',
  platform: 'tiktok',
  aspect: '9:16',
};

/** Words separated by single spaces, exactly `length` characters long. */
function wordsOfLength(length: number): string {
  let text = '';
  let i = 0;
  while (text.length < length) text += `${text ? ' ' : ''}word${i++}`;
  return text.slice(0, length).trimEnd().padEnd(length, 'x');
}

describe('normalizePrompt', () => {
  it('trims and collapses all whitespace runs', () => {
    expect(normalizePrompt('  a\n\n b\t\tc  ')).toBe('a b c');
    expect(normalizePrompt('\u00a0x\u2003 y\u00a0')).toBe('x y');
  });
});

describe('enrichPrompt', () => {
  it('writes the user prompt then one natural cinematic sentence', () => {
    const enriched = enrichPrompt({ ...base, prompt: 'A lone cyclist crossing a rain-soaked bridge at dusk' });
    expect(enriched).toBe(
      'A lone cyclist crossing a rain-soaked bridge at dusk. Shot as a slow dolly push-in under warm golden-hour light — ' +
        'elegant, sophisticated and premium, framed for 9:16 with a hook in the first second.',
    );
  });

  it('keeps the user’s own punctuation instead of adding a second full stop', () => {
    const enriched = enrichPrompt({ ...base, prompt: 'Is this the real life?' });
    expect(enriched.startsWith('Is this the real life? Shot as')).toBe(true);
  });

  it('contains the whitespace-collapsed user prompt verbatim', () => {
    const prompt = '  Neon   city\nat night,   "rain" & <reflections>  ';
    expect(enrichPrompt({ ...base, prompt })).toContain('Neon city at night, "rain" & <reflections>');
  });

  it('uses platform pacing and aspect', () => {
    const enriched = enrichPrompt({ ...base, platform: 'youtube', aspect: '16:9', prompt: 'A watch on marble' });
    expect(enriched).toContain('framed for 16:9 with room to establish the scene before the reveal');
  });

  it('shortens the cinematic vocabulary before ever touching the user prompt', () => {
    const short = enrichPrompt({ ...base, prompt: 'short' });
    const lengths = [600, 800, 900, 950, 980, 990, 999].map((n) => {
      const prompt = wordsOfLength(n);
      const enriched = enrichPrompt({ ...base, prompt });
      expect(enriched.startsWith(prompt)).toBe(true);
      expect(enriched.length).toBeLessThanOrEqual(ENRICHED_PROMPT_MAX);
      return enriched.length - prompt.length;
    });
    // The added vocabulary never grows as the prompt grows, and it does shrink.
    for (let i = 1; i < lengths.length; i++) expect(lengths[i]).toBeLessThanOrEqual(lengths[i - 1]);
    expect(lengths[lengths.length - 1]).toBeLessThan(short.length - 'short'.length);
  });

  it('returns exactly the user prompt when no cinematic sentence fits in 1000 chars', () => {
    const prompt = wordsOfLength(999);
    expect(enrichPrompt({ ...base, prompt })).toBe(prompt);
    const exact = wordsOfLength(1000);
    expect(enrichPrompt({ ...base, prompt: exact })).toBe(exact);
  });

  it('lets the user’s words win over the 1000 limit only when the prompt alone is longer', () => {
    const prompt = wordsOfLength(1500);
    const enriched = enrichPrompt({ ...base, prompt });
    expect(enriched).toBe(prompt);
    expect(enriched.length).toBe(1500);
    const max = wordsOfLength(2000);
    expect(enrichPrompt({ ...base, prompt: max })).toBe(max);
  });
});

describe('negativePrompt', () => {
  it('combines common artefacts with category-specific terms', () => {
    for (const category of CATEGORIES) {
      const negative = negativePrompt(category);
      expect(negative.startsWith('blurry, low resolution, watermark, text artifacts, distorted faces, jitter, ')).toBe(true);
    }
    expect(negativePrompt('high_energy')).toContain('static, dull, washed-out colours');
    expect(new Set(CATEGORIES.map(negativePrompt)).size).toBe(CATEGORIES.length);
  });
});

describe('joinWords', () => {
  it('reads as prose', () => {
    expect(joinWords(['a'])).toBe('a');
    expect(joinWords(['a', 'b'])).toBe('a and b');
    expect(joinWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
