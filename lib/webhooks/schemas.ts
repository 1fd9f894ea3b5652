import { z } from 'zod';
import { isKnownPattern } from '@/lib/events/types';

/**
 * What a client may give as a webhook target: checked here without the network (scheme,
 * credentials, length); lib/webhooks/url.ts then resolves the host before anything is stored.
 */
export const WebhookUrlSchema = z
  .string()
  .trim()
  .max(2000, 'webhook URLs are at most 2000 characters')
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: `must be http or https, not ${url.protocol.replace(/:$/, '')}` });
    if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not carry credentials; the signature authenticates deliveries' });
  })
  .describe('http(s) URL the deliveries are POSTed to; its host must not resolve to a private or loopback address');

export const EventPatternSchema = z
  .string()
  .max(100)
  .refine(isKnownPattern, { message: 'not an event type or pattern (e.g. job.completed, job.*, *)' });

/** Event types or patterns; empty means every event. Duplicates are dropped. */
export const EventPatternsSchema = z
  .array(EventPatternSchema)
  .max(50)
  .transform((list) => [...new Set(list)])
  .describe('Event types or patterns such as job.completed, job.*, production.*; empty means all');

/**
 * The per-request subscription fields every creating endpoint takes. `webhook_events` may also be
 * a comma-separated string, which is how a multipart form (a transcription upload) can send it.
 */
export const WebhookRequestFields = {
  webhook_url: WebhookUrlSchema.optional().describe("Deliver this resource's events (signed with the app-wide secret, GET /api/webhooks/secret) to this URL"),
  webhook_events: z
    .union([EventPatternsSchema, z.string().max(2000).transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean)).pipe(EventPatternsSchema)])
    .optional()
    .describe('Which of its events; all when omitted'),
};

export interface WebhookRequest {
  webhook_url?: string;
  webhook_events?: string[];
}
