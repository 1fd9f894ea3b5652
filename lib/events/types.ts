/**
 * The event vocabulary (docs/events.md). A job event's payload is the job as GET
 * /api/{video|audio}/jobs/{id} answers it, an asset event's the asset as GET
 * /api/media/assets/{id} does, a production event's the production as GET /api/productions/{id}.
 */
export const EVENT_TYPES = [
  'job.created',
  'job.started',
  'job.progress',
  'job.completed',
  'job.failed',
  'job.canceled',
  'job.retried',
  'job.requeued',
  'asset.created',
  'asset.updated',
  'asset.deleted',
  'asset.restored',
  'production.created',
  'production.generating',
  'production.progress',
  'production.composing',
  'production.completed',
  'production.failed',
  'production.canceled',
  'production.updated',
  'production.deleted',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
export type SubjectKind = 'video_job' | 'audio_job' | 'production' | 'asset';

/** What a client receives, over the stream and in a webhook body (Standard Webhooks' {type, timestamp, data}). */
export interface EventEnvelope {
  id: string;
  type: EventType;
  /** Which resource `data` is: a job event says whether it is a video or an audio job. */
  object: SubjectKind;
  timestamp: string;
  data: Record<string, unknown>;
}

/** `job.*`, `*` or an exact type; anything else names nothing and is refused by the callers' schemas. */
export const EVENT_PATTERN = /^(\*|(job|asset|production)\.\*|[a-z]+\.[a-z]+)$/;

export function isKnownPattern(pattern: string): boolean {
  if (!EVENT_PATTERN.test(pattern)) return false;
  if (pattern === '*' || pattern.endsWith('.*')) return true;
  return (EVENT_TYPES as readonly string[]).includes(pattern);
}

/** True when `type` is one of `patterns`; no patterns means every type. */
export function matchesTypes(type: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  for (const p of patterns) {
    if (p === '*' || p === type) return true;
    if (p.endsWith('.*') && type.startsWith(p.slice(0, -1))) return true;
  }
  return false;
}
