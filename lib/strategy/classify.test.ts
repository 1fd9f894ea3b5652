import { describe, expect, it } from 'vitest';
import { classifyMood, neighbourCategory } from './classify';
import { StrategyInputError } from './errors';

describe('classifyMood', () => {
  it.each([
    [0, 'surreal_trip'],
    [24.9, 'surreal_trip'],
    [25, 'intimate_story'],
    [49.9, 'intimate_story'],
    [50, 'luxury_reveal'],
    [74.9, 'luxury_reveal'],
    [75, 'high_energy'],
    [100, 'high_energy'],
  ] as const)('mood %s → %s', (mood, category) => {
    expect(classifyMood(mood)).toBe(category);
  });

  it.each([-0.1, 100.1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects %s', (mood) => {
    expect(() => classifyMood(mood)).toThrow(StrategyInputError);
    try {
      classifyMood(mood);
    } catch (error) {
      expect((error as StrategyInputError).field).toBe('mood');
    }
  });

  it('rejects a numeric string at runtime', () => {
    expect(() => classifyMood('50' as unknown as number)).toThrow(StrategyInputError);
  });
});

describe('neighbourCategory', () => {
  it.each([
    [0, null],
    [19.9, null],
    [20, 'intimate_story'],
    [24.9, 'intimate_story'],
    [25, 'surreal_trip'],
    [30, 'surreal_trip'],
    [30.1, null],
    [45, 'luxury_reveal'],
    [50, 'intimate_story'],
    [55, 'intimate_story'],
    [62.5, null],
    [73, 'high_energy'],
    [75, 'luxury_reveal'],
    [80, 'luxury_reveal'],
    [80.1, null],
    [100, null],
  ] as const)('mood %s → %s', (mood, expected) => {
    expect(neighbourCategory(mood)).toBe(expected);
  });

  it('validates its input like classifyMood', () => {
    expect(() => neighbourCategory(101)).toThrow(StrategyInputError);
  });
});
