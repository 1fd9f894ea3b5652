import { z } from 'zod';
import type { Contract } from '@/lib/api/contracts';
import { UuidSchema } from '@/lib/api/uuid';
import { WEBHOOK_PROVIDERS } from '@/lib/providers/video/names';
import { EventPatternsSchema, WebhookUrlSchema } from '@/lib/webhooks/schemas';

export const providerCallback = {
  method: 'POST',
  path: '/api/webhooks/{provider}',
  summary:
    'Provider callbacks. Every callback URL carries the job id and a per-job token; Replicate deliveries must also pass Standard Webhooks verification and fal deliveries ED25519 verification (±5 min). A callback only triggers a re-fetch from the provider; refused ones are a 401 with no side effect, redeliveries are acknowledged as duplicates',
  tags: ['webhooks'],
  auth: 'public',
  rateLimit: 'none',
  status: 202,
  params: z.object({ provider: z.enum(WEBHOOK_PROVIDERS) }),
  // Optional here so that a missing token is answered 401, like a wrong one.
  query: z.object({ job: z.string().max(100).optional(), token: z.string().max(200).optional() }),
  response: z.object({ received: z.literal(true), duplicate: z.boolean() }),
} satisfies Contract;

// Outgoing webhooks (docs/webhooks.md): endpoints, their delivery log, the app-wide secret.

const EndpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.string()).describe('Event types or patterns delivered; empty means all'),
  enabled: z.boolean(),
  disabled_reason: z.string().nullable().describe('Why it stopped receiving: a 410 from the receiver, or a request'),
  previous_secret_expires_at: z.string().nullable().describe('After a rotation: until when the previous secret signs too'),
  created_at: z.string(),
  updated_at: z.string(),
});

const MessageSchema = z.object({
  id: z.uuid(),
  webhook_id: z.string().describe('The webhook-id header: the same on every attempt and resend'),
  event_id: z.string(),
  event_type: z.string(),
  url: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.number().int(),
  response_status: z.number().int().nullable(),
  latency_ms: z.number().int().nullable(),
  last_error: z.string().nullable(),
  next_attempt_at: z.string().nullable(),
  last_attempt_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

const SecretSchema = z.string().describe('whsec_ + base64; shown in this response only');
const EndpointParams = z.object({ id: UuidSchema });
const Page = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().describe('next_cursor of the previous page'),
};

export const createWebhookEndpoint = {
  method: 'POST',
  path: '/api/webhooks/endpoints',
  summary: 'Add an endpoint that receives events, signed with its own secret (shown once)',
  tags: ['webhooks'],
  status: 201,
  body: z.object({ url: WebhookUrlSchema, events: EventPatternsSchema.default([]), description: z.string().trim().max(500).default('') }).strict(),
  response: z.object({ endpoint: EndpointSchema, secret: SecretSchema }),
} satisfies Contract;

export const listWebhookEndpoints = {
  method: 'GET',
  path: '/api/webhooks/endpoints',
  summary: 'List webhook endpoints, newest first (never their secrets)',
  tags: ['webhooks'],
  query: z.object(Page),
  response: z.object({ endpoints: z.array(EndpointSchema), next_cursor: z.string().nullable() }),
} satisfies Contract;

export const getWebhookEndpoint = {
  method: 'GET',
  path: '/api/webhooks/endpoints/{id}',
  summary: 'One webhook endpoint',
  tags: ['webhooks'],
  params: EndpointParams,
  response: z.object({ endpoint: EndpointSchema }),
} satisfies Contract;

export const updateWebhookEndpoint = {
  method: 'PATCH',
  path: '/api/webhooks/endpoints/{id}',
  summary: 'Change the URL, events or description, or enable/disable; enabling clears disabled_reason',
  tags: ['webhooks'],
  params: EndpointParams,
  body: z
    .object({ url: WebhookUrlSchema.optional(), events: EventPatternsSchema.optional(), description: z.string().trim().max(500).optional(), enabled: z.boolean().optional() })
    .strict(),
  response: z.object({ endpoint: EndpointSchema }),
} satisfies Contract;

export const deleteWebhookEndpoint = {
  method: 'DELETE',
  path: '/api/webhooks/endpoints/{id}',
  summary: 'Delete an endpoint and its delivery log',
  tags: ['webhooks'],
  params: EndpointParams,
  response: z.object({ deleted: z.literal(true) }),
} satisfies Contract;

export const rotateWebhookEndpointSecret = {
  method: 'POST',
  path: '/api/webhooks/endpoints/{id}/rotate',
  summary: 'A new secret (shown once); the previous one keeps signing, as a second signature, for 24 h',
  tags: ['webhooks'],
  params: EndpointParams,
  response: z.object({ endpoint: EndpointSchema, secret: SecretSchema }),
} satisfies Contract;

export const listWebhookMessages = {
  method: 'GET',
  path: '/api/webhooks/endpoints/{id}/messages',
  summary: "An endpoint's delivery log, newest first: status, attempts, response code, latency, last error",
  tags: ['webhooks'],
  params: EndpointParams,
  query: z.object({ status: z.enum(['pending', 'succeeded', 'failed']).optional(), ...Page }),
  response: z.object({ messages: z.array(MessageSchema), next_cursor: z.string().nullable() }),
} satisfies Contract;

export const resendWebhookMessage = {
  method: 'POST',
  path: '/api/webhooks/messages/{id}/resend',
  summary: 'Deliver a message again now, with the same webhook-id',
  tags: ['webhooks'],
  status: 202,
  params: z.object({ id: UuidSchema }),
  response: z.object({ message: MessageSchema }),
} satisfies Contract;

const AppSecretSchema = z.object({
  secret: z.string().describe('whsec_ + base64: verifies deliveries to webhook_url given on a job or production'),
  previous_secret_expires_at: z.string().nullable().describe('After a rotation: until when the previous secret signs too'),
});

export const getWebhookSecret = {
  method: 'GET',
  path: '/api/webhooks/secret',
  summary: 'The app-wide secret that signs per-request webhooks (webhook_url); generated on first use',
  tags: ['webhooks'],
  response: AppSecretSchema,
} satisfies Contract;

export const rotateWebhookSecret = {
  method: 'POST',
  path: '/api/webhooks/secret/rotate',
  summary: 'A new app-wide webhook secret; the previous one keeps signing for 24 h',
  tags: ['webhooks'],
  response: AppSecretSchema,
} satisfies Contract;
