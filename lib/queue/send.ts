import type { SendOptions } from 'pg-boss';
import type { z } from 'zod';
import { getBoss } from '@/lib/queue/boss';
import type { QueueEntry } from '@/lib/queue/define';
import { createQueues } from '@/lib/queue/workers';

/** Validates the payload before it enters the queue, so a bad payload never reaches a worker. */
export async function sendJob<S extends z.ZodType>(entry: QueueEntry<S>, data: z.input<S>, options?: SendOptions): Promise<string | null> {
  const payload = entry.schema.parse(data) as object;
  const boss = await getBoss();
  try {
    return await boss.send(entry.name, payload, options ?? {});
  } catch (err) {
    // The web process may send before any worker has booted and created the queues.
    if (!(err instanceof Error && /does not exist/.test(err.message))) throw err;
    await createQueues(boss, [entry as unknown as QueueEntry]);
    return boss.send(entry.name, payload, options ?? {});
  }
}
