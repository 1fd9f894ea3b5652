import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newSecret, secretKey, sign, signatureHeader } from './signature';

// The test vector of the Standard Webhooks specification (and Svix's libraries).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('webhook signatures', () => {
  it('match the specification’s fixed vector', () => {
    expect(sign(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it('use the base64-decoded bytes after whsec_ as the key', () => {
    expect(secretKey(VECTOR.secret).toString('base64')).toBe('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  });

  it('make secrets of 24 random bytes that the official verifier accepts', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(newSecret()).not.toBe(secret);
    const body = JSON.stringify({ type: 'job.completed', data: { id: 1 } });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureHeader([secret], 'msg_1', timestamp, body) };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('carry one signature per live secret during a rotation, each verifying on its own', () => {
    const [next, previous] = [newSecret(), newSecret()];
    const body = '{"a":1}';
    const timestamp = Math.floor(Date.now() / 1000);
    const header = signatureHeader([next, previous], 'msg_2', timestamp, body);
    expect(header.split(' ')).toHaveLength(2);
    for (const secret of [next, previous]) {
      expect(new Webhook(secret).verify(body, { 'webhook-id': 'msg_2', 'webhook-timestamp': String(timestamp), 'webhook-signature': header })).toEqual({ a: 1 });
    }
    expect(() => new Webhook(newSecret()).verify(body, { 'webhook-id': 'msg_2', 'webhook-timestamp': String(timestamp), 'webhook-signature': header })).toThrow();
  });
});
