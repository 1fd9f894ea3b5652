import { afterEach, describe, expect, it } from 'vitest';
import { setting } from '@/lib/config';
import { decide } from './schedule';

const SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000];
const answered = (status: number, retryAfterMs?: number) => ({ kind: 'answered' as const, status, retryAfterMs });

afterEach(() => {
  delete process.env.WEBHOOK_RETRY_SCHEDULE_SECONDS;
});

describe('the retry schedule', () => {
  it('defaults to 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h and reads a short one for tests', () => {
    expect(setting('WEBHOOK_RETRY_SCHEDULE_SECONDS')).toEqual(SCHEDULE);
    process.env.WEBHOOK_RETRY_SCHEDULE_SECONDS = '1, 1';
    expect(setting('WEBHOOK_RETRY_SCHEDULE_SECONDS')).toEqual([1, 1]);
    for (const bad of ['0', 'a,b', '1,,2', '-5']) {
      process.env.WEBHOOK_RETRY_SCHEDULE_SECONDS = bad;
      expect(() => setting('WEBHOOK_RETRY_SCHEDULE_SECONDS'), bad).toThrow(/WEBHOOK_RETRY_SCHEDULE_SECONDS/);
    }
  });

  it('retries timeouts, network errors, 429 and 5xx after each delay in turn, then gives up', () => {
    const delays = SCHEDULE.map((_, i) => decide(answered(500), i + 1, SCHEDULE));
    expect(delays.map((d) => (d.kind === 'retry' ? d.delaySeconds : d.kind))).toEqual(SCHEDULE);
    expect(decide(answered(503), 8, SCHEDULE)).toEqual({ kind: 'failed', reason: 'answered 503; gave up after 8 attempts' });
    expect(decide({ kind: 'timeout', message: 'timed out' }, 1, SCHEDULE)).toMatchObject({ kind: 'retry', delaySeconds: 5 });
    expect(decide({ kind: 'network', message: 'reset' }, 2, SCHEDULE)).toMatchObject({ kind: 'retry', delaySeconds: 300 });
    expect(decide(answered(429), 1, SCHEDULE)).toMatchObject({ kind: 'retry', delaySeconds: 5 });
  });

  it('succeeds on 2xx, disables on 410, and fails other 4xx and redirects without a retry', () => {
    expect(decide(answered(204), 1, SCHEDULE)).toEqual({ kind: 'succeeded' });
    expect(decide(answered(410), 1, SCHEDULE)).toEqual({ kind: 'failed', reason: 'answered 410', disable: true });
    expect(decide(answered(400), 1, SCHEDULE)).toEqual({ kind: 'failed', reason: 'answered 400' });
    expect(decide({ kind: 'answered', status: 301, location: 'https://elsewhere.example/' }, 1, SCHEDULE)).toMatchObject({ kind: 'failed', reason: expect.stringContaining('redirects are not followed') });
    expect(decide({ kind: 'refused', message: 'refused: private address' }, 1, SCHEDULE)).toMatchObject({ kind: 'failed' });
  });

  it('waits out a longer Retry-After on 429 and 503, capped at the longest delay', () => {
    expect(decide(answered(429, 60_000), 1, SCHEDULE)).toMatchObject({ kind: 'retry', delaySeconds: 60 });
    expect(decide(answered(503, 1_000), 2, SCHEDULE)).toMatchObject({ kind: 'retry', delaySeconds: 300 });
    expect(decide(answered(503, 7 * 86_400_000), 1, SCHEDULE)).toMatchObject({ kind: 'retry', delaySeconds: 36000 });
    // Only 429 and 503 carry it by the specification's reading; a 500's is ignored.
    expect(decide(answered(500, 60_000), 1, SCHEDULE)).toMatchObject({ kind: 'retry', delaySeconds: 5 });
  });
});
