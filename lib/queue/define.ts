import type { Queue, WorkOptions } from 'pg-boss';
import type { z } from 'zod';

export interface JobContext {
  jobId: string;
  /** 0 on the first attempt. */
  retryCount: number;
  /** True when a failure of this attempt is final: no retry follows. */
  isFinalAttempt: boolean;
  /** Aborted when the worker stops or pg-boss gives the job up. */
  signal: AbortSignal;
}

/**
 * A queue as senders and workers both know it: name, payload schema, policy, schedule. No
 * handler: senders import this (from lib/queue/catalog.ts) without pulling in the work itself.
 */
export interface QueueEntry<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  /** Queue-level policy: retries, backoff, expiry, heartbeat. The dead-letter queue is added by the worker. */
  policy: Omit<Queue, 'name' | 'deadLetter' | 'notify'>;
  /** Cron (minute granularity in pg-boss) for scheduled maintenance queues. */
  schedule?: { cron: string; data: z.input<S> };
}

/** What jobs/*.ts attach to a catalog entry: the handler and how a worker runs it. */
export interface QueueHandler<S extends z.ZodType = z.ZodType> {
  queue: QueueEntry<S>;
  /** Worker-level options: concurrency, batch size. */
  work?: Pick<WorkOptions, 'localConcurrency' | 'batchSize'>;
  handler: (data: z.infer<S>, ctx: JobContext) => Promise<unknown>;
}

/** A failure no retry can fix (bad payload, content policy): the job goes straight to its dead-letter queue. */
export class PermanentJobError extends Error {
  constructor(message: string, readonly code = 'permanent_failure') {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export function defineQueue<S extends z.ZodType>(entry: QueueEntry<S>): QueueEntry<S> {
  return entry;
}

export function handleQueue<S extends z.ZodType>(queue: QueueEntry<S>, rest: Omit<QueueHandler<S>, 'queue'>): QueueHandler<S> {
  return { queue, ...rest };
}

export const deadLetterName = (queue: string) => `${queue}.dead`;
