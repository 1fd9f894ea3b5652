import { createHmac } from 'node:crypto';
import { safeEqual } from '@/lib/auth/crypto';
import { WebhookVerificationError } from '@/lib/providers/video/types';

// Standard Webhooks, symmetric scheme `v1` (docs/providers.md §10), as Replicate signs its
// deliveries (§5). The reference libraries accept ±5 minutes; Replicate's own JS helper checks no
// timestamp at all, so the window here is what stops a captured delivery from being replayed.

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** `whsec_<base64>` → key bytes; a secret pasted without the prefix is accepted too. */
function decodeSecret(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = BASE64.test(encoded) && encoded.length % 4 === 0 ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
  if (key.length === 0) throw new WebhookVerificationError('the webhook secret is malformed: expected whsec_ followed by base64');
  return key;
}

function sign(key: Buffer, id: string, timestamp: number | string, rawBody: Buffer | string): string {
  // Over the exact bytes received: re-serialising the JSON would change them.
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(rawBody).digest('base64');
}

/** The `webhook-signature` value for a delivery: `v1,<base64>`. For tests and fakes that send deliveries. */
export function signStandardWebhook(secret: string, id: string, timestamp: number, rawBody: Buffer | string): string {
  return `v1,${sign(decodeSecret(secret), id, timestamp, rawBody)}`;
}

export interface VerifyStandardWebhookInput {
  secret: string;
  headers: Headers;
  rawBody: Buffer;
  toleranceSeconds?: number;
  /** The current time in unix seconds; defaults to the clock. */
  now?: number;
}

/** Throws `WebhookVerificationError` unless the delivery is signed with `secret` and recent; returns its id for de-duplication. */
export function verifyStandardWebhook({ secret, headers, rawBody, toleranceSeconds = 300, now }: VerifyStandardWebhookInput): { id: string; timestamp: number } {
  const key = decodeSecret(secret);
  const id = headers.get('webhook-id');
  const rawTimestamp = headers.get('webhook-timestamp');
  const signatures = headers.get('webhook-signature');
  if (!id || !rawTimestamp || !signatures) throw new WebhookVerificationError('missing webhook-id, webhook-timestamp or webhook-signature header');
  // A '.' would make the signed content `id.timestamp.body` ambiguous.
  if (id.includes('.') || rawTimestamp.includes('.')) throw new WebhookVerificationError("webhook-id and webhook-timestamp must not contain '.'");
  if (!/^\d+$/.test(rawTimestamp)) throw new WebhookVerificationError('webhook-timestamp is not an integer number of seconds');

  const timestamp = Number(rawTimestamp);
  const clock = now ?? Math.floor(Date.now() / 1000);
  if (clock - timestamp > toleranceSeconds) throw new WebhookVerificationError('webhook-timestamp is too old (possible replay)');
  if (timestamp - clock > toleranceSeconds) throw new WebhookVerificationError('webhook-timestamp is too far in the future');

  const expected = sign(key, id, rawTimestamp, rawBody);
  // Several signatures may be present during a secret rotation; versions other than v1 (e.g. v1a) are skipped.
  const matched = signatures
    .split(' ')
    .map((entry) => entry.split(','))
    .some(([version, signature]) => version === 'v1' && signature !== undefined && safeEqual(signature, expected));
  if (!matched) throw new WebhookVerificationError('no webhook-signature matches the configured secret');
  return { id, timestamp };
}
