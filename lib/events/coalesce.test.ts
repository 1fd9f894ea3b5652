import { describe, expect, it, vi } from 'vitest';
import { Coalescer } from './coalesce';

describe('Coalescer', () => {
  it('lets one event per key through each window and sends the last value of a burst at its end', async () => {
    vi.useFakeTimers();
    try {
      const gate = new Coalescer(500);
      const trailing = vi.fn(async () => {});
      expect(gate.take('a', 0)).toBe(true);
      expect(gate.take('a', 100)).toBe(false);
      gate.trail('a', trailing, 100);
      gate.trail('a', trailing, 200);
      // Another key has its own window.
      expect(gate.take('b', 150)).toBe(true);
      await vi.advanceTimersByTimeAsync(400);
      expect(trailing).toHaveBeenCalledTimes(1);
      // A settling event cancels a pending trailing one.
      gate.trail('b', trailing, 300);
      gate.cancel('b');
      await vi.advanceTimersByTimeAsync(1000);
      expect(trailing).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
