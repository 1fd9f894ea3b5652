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

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  /** Queue-level policy: retries, backoff, expiry, heartbeat. The dead-letter queue is added by the registry. */
  queue: Omit<Queue, 'name' | 'deadLetter' | 'notify'>;
  /** Worker-level options: concurrency, batch size. */
  work?: Pick<WorkOptions, 'localConcurrency' | 'batchSize'>;
  /** Cron (minute granularity in pg-boss) for scheduled maintenance queues. */
  schedule?: { cron: string; data: z.input<S> };
  handler: (data: z.infer<S>, ctx: JobContext) => Promise<unknown>;
}

/** A failure no retry can fix (bad payload, content policy): the job goes straight to its dead-letter queue. */
export class PermanentJobError extends Error {
  constructor(message: string, readonly code = 'permanent_failure') {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

export const deadLetterName = (queue: string) => `${queue}.dead`;
