import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '@/lib/providers/video/types';
import { signStandardWebhook, verifyStandardWebhook } from './standard-webhooks';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const OTHER = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
const NOW = 1_750_000_000;
const body = Buffer.from('{"id":"p1","status":"succeeded"}');

function delivery(overrides: Record<string, string | null> = {}, { secret = SECRET, id = 'msg_1', ts = NOW, raw = body } = {}) {
  const headers = new Headers({ 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signStandardWebhook(secret, id, ts, raw) });
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  return headers;
}

const verify = (headers: Headers, rawBody = body, secret = SECRET) => verifyStandardWebhook({ secret, headers, rawBody, now: NOW });
const rejects = (fn: () => unknown, message: RegExp) => {
  expect(fn).toThrow(WebhookVerificationError);
  expect(fn).toThrow(message);
};

describe('Standard Webhooks v1 verification', () => {
  it('accepts a valid delivery and returns its id and timestamp', () => {
    expect(verify(delivery())).toEqual({ id: 'msg_1', timestamp: NOW });
  });

  it('accepts the secret without its whsec_ prefix', () => {
    expect(verify(delivery(), body, SECRET.slice('whsec_'.length)).id).toBe('msg_1');
  });

  it('rejects a signature made with another secret', () => {
    rejects(() => verify(delivery({}, { secret: OTHER })), /no webhook-signature matches/);
  });

  it('rejects a tampered body', () => {
    rejects(() => verify(delivery(), Buffer.from('{"id":"p2","status":"succeeded"}')), /no webhook-signature matches/);
  });

  it('rejects a replayed delivery 6 minutes old and one from the future', () => {
    rejects(() => verify(delivery({}, { ts: NOW - 360 })), /too old/);
    rejects(() => verify(delivery({}, { ts: NOW + 360 })), /future/);
    expect(verify(delivery({}, { ts: NOW - 290 })).timestamp).toBe(NOW - 290);
  });

  it('skips unknown versions and accepts any matching v1 during a rotation', () => {
    const good = signStandardWebhook(SECRET, 'msg_1', NOW, body);
    const stale = signStandardWebhook(OTHER, 'msg_1', NOW, body);
    expect(verify(delivery({ 'webhook-signature': `v1a,${good.slice(3)} ${stale} ${good}` })).id).toBe('msg_1');
    rejects(() => verify(delivery({ 'webhook-signature': `v1a,${good.slice(3)} ${stale}` })), /no webhook-signature matches/);
    rejects(() => verify(delivery({ 'webhook-signature': 'v1' })), /no webhook-signature matches/);
  });

  it('rejects missing headers', () => {
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) rejects(() => verify(delivery({ [name]: null })), /missing/);
  });

  it("rejects ids and timestamps containing '.' and non-integer timestamps", () => {
    rejects(() => verify(delivery({}, { id: 'msg.1' })), /must not contain/);
    rejects(() => verify(delivery({ 'webhook-timestamp': `${NOW}.5` })), /must not contain/);
    rejects(() => verify(delivery({ 'webhook-timestamp': 'yesterday' })), /not an integer/);
  });

  it('rejects a malformed secret', () => {
    rejects(() => verify(delivery(), body, 'whsec_'), /malformed/);
    rejects(() => verify(delivery(), body, 'whsec_not base64!'), /malformed/);
  });
});
