import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing. A secret is `whsec_` + base64 of random bytes; the key is those
 * bytes, not the text. A signature is `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`; during a
 * rotation the header carries one per live secret, space-separated, and a receiver accepts any.
 */

const PREFIX = 'whsec_';

export function newSecret(): string {
  return PREFIX + randomBytes(24).toString('base64');
}

export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

export function sign(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The `webhook-signature` header for every secret that still signs. */
export function signatureHeader(secrets: string[], id: string, timestamp: number, body: string): string {
  return secrets.map((s) => sign(s, id, timestamp, body)).join(' ');
}

/** `webhook-id`: derived from the message, so retries and resends carry the same one. */
export const webhookIdOf = (messageId: string): string => `msg_${messageId}`;

/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;
