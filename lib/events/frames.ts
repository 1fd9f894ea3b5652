import type { events } from '@/lib/db/schema';
import type { EventEnvelope, EventType, SubjectKind } from './types';

export type EventRow = typeof events.$inferSelect;

const SIGNED_PATH = /^(\/api\/[^?]+)\?exp=\d+&sig=[0-9a-f]+$/;

/**
 * A stored payload's media URLs were signed when the event was made; a replay hours later would
 * hand out expired links. Each URL is signed again when the event is sent.
 */
export function resign(value: unknown, sign: (path: string) => string): unknown {
  if (typeof value === 'string') {
    const m = SIGNED_PATH.exec(value);
    return m ? sign(m[1]) : value;
  }
  if (Array.isArray(value)) return value.map((v) => resign(v, sign));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resign(v, sign);
    return out;
  }
  return value;
}

export function envelopeOf(row: EventRow, sign: (path: string) => string): EventEnvelope {
  return {
    id: String(row.id),
    type: row.type as EventType,
    object: row.subjectKind as SubjectKind,
    timestamp: row.createdAt.toISOString(),
    data: resign(row.payload, sign) as Record<string, unknown>,
  };
}

const encoder = new TextEncoder();

/** One SSE frame; `data:` is one line (JSON has no raw newlines). */
export function sseFrame(envelope: EventEnvelope): Uint8Array {
  return encoder.encode(`id: ${envelope.id}\nevent: ${envelope.type}\ndata: ${JSON.stringify(envelope)}\n\n`);
}

export const sseComment = (text: string): Uint8Array => encoder.encode(`: ${text}\n\n`);
