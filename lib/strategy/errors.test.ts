import { describe, expect, it } from 'vitest';
import { StrategyInputError, isStrategyInputError } from './errors';

describe('StrategyInputError', () => {
  it('carries the field and message and is a real Error', () => {
    const error = new StrategyInputError('duration', 'too long');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('StrategyInputError');
    expect(error.field).toBe('duration');
    expect(error.message).toBe('too long');
    expect(isStrategyInputError(error)).toBe(true);
    expect(isStrategyInputError(new Error('x'))).toBe(false);
  });
});
