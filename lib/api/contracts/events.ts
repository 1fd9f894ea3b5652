import { z } from 'zod';
import { UuidSchema } from '@/lib/api/uuid';
import type { Contract } from '@/lib/api/contracts';
import { isKnownPattern } from '@/lib/events/types';

/** `types=job.*,asset.created`: exact types or `kind.*` patterns, comma separated. */
export const EventTypesSchema = z
  .string()
  .max(1000)
  .transform((value) => value.split(',').map((t) => t.trim()).filter(Boolean))
  .refine((types) => types.length <= 30, 'at most 30 types')
  .refine((types) => types.every(isKnownPattern), { message: 'names an unknown event type (see docs/events.md): use e.g. job.completed or job.*' });

/** An event id as the stream sent it in `id:`. */
export const EventIdSchema = z.string().regex(/^\d{1,15}$/, 'must be the id of an event the stream sent');

export const streamEvents = {
  method: 'GET',
  path: '/api/events',
  summary:
    'Server-Sent Events: every job, asset and production change as `id:`, `event:` (the type) and `data:` ({id, type, object, timestamp, data}; data is what the resource\'s GET answers). Reconnecting with Last-Event-ID (or last_event_id) first replays every missed event in order, then goes live; a comment line every 15 s keeps the connection open',
  tags: ['events'],
  query: z.object({
    types: EventTypesSchema.optional(),
    job_id: UuidSchema.optional(),
    production_id: UuidSchema.optional(),
    universe_id: UuidSchema.optional(),
    last_event_id: EventIdSchema.optional().describe('as the Last-Event-ID header, for clients that cannot set it'),
  }),
} satisfies Contract;
