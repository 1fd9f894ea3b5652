import { describe, expect, it } from 'vitest';
import { queueHandlers } from '@/jobs/registry';
import { queueCatalog } from '@/lib/queue/catalog';
import { assertRegistry } from '@/lib/queue/workers';

describe('the job registry', () => {
  it('has exactly one handler for every catalog queue', () => {
    expect(() => assertRegistry(queueHandlers, queueCatalog)).not.toThrow();
    expect(queueHandlers.map((h) => h.queue.name).sort()).toEqual(queueCatalog.map((q) => q.name).sort());
  });
});
