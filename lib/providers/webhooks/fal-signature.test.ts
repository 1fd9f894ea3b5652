import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '@/lib/providers/video/types';
import { createFalVerifier } from './fal-signature';

// A JWKS served over real HTTP (fetches counted), keys made here, messages signed per docs/providers.md §4.
const keyA = generateKeyPairSync('ed25519');
const keyB = generateKeyPairSync('ed25519');
const jwk = (key: KeyObject, kid: string) => ({ ...key.export({ format: 'jwk' }), kid, use: 'sig', alg: 'EdDSA' });
// A foreign key type in the set must be skipped, not break verification.
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
let served: unknown[] = [];
let fetches = 0;
let server: http.Server;
let jwksUrl: string;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const T0 = 1_750_000_000_000; // ms
const body = Buffer.from(JSON.stringify({ request_id: 'req-1', status: 'OK', payload: { video: { url: 'https://v3.fal.media/x.mp4' } } }));

function signed(privateKey: KeyObject, opts: { timestamp?: number; rawBody?: Buffer; omit?: string } = {}) {
  const timestamp = String(opts.timestamp ?? Math.floor(T0 / 1000));
  const hash = createHash('sha256').update(body).digest('hex');
  const signature = sign(null, Buffer.from(`req-1\nuser-1\n${timestamp}\n${hash}`), privateKey).toString('hex');
  const headers = new Headers({ 'X-Fal-Webhook-Request-Id': 'req-1', 'X-Fal-Webhook-User-Id': 'user-1', 'X-Fal-Webhook-Timestamp': timestamp, 'X-Fal-Webhook-Signature': signature });
  if (opts.omit) headers.delete(opts.omit);
  return { rawBody: opts.rawBody ?? body, headers };
}

function fresh() {
  served = [{ ...rsa.export({ format: 'jwk' }), kid: 'rsa' }, jwk(keyA.publicKey, 'a')];
  fetches = 0;
  return createFalVerifier({ jwksUrl });
}

describe('fal webhook signatures', () => {
  it('accepts a delivery signed by a key in the JWKS', async () => {
    await expect(fresh().verify(signed(keyA.privateKey), T0)).resolves.toEqual({ requestId: 'req-1', userId: 'user-1', timestamp: T0 / 1000 });
  });

  it('rejects a signature by another key, a tampered body, a stale timestamp and a missing header', async () => {
    const verifier = fresh();
    await expect(verifier.verify(signed(keyB.privateKey), T0)).rejects.toThrow(WebhookVerificationError);
    await expect(verifier.verify(signed(keyA.privateKey, { rawBody: Buffer.from(body.toString().replace('OK', 'ERROR')) }), T0)).rejects.toThrow('matches no fal key');
    await expect(verifier.verify(signed(keyA.privateKey, { timestamp: T0 / 1000 - 301 }), T0)).rejects.toThrow('too old');
    await expect(verifier.verify(signed(keyA.privateKey, { timestamp: T0 / 1000 + 301 }), T0)).rejects.toThrow(WebhookVerificationError);
    await expect(verifier.verify(signed(keyA.privateKey, { omit: 'X-Fal-Webhook-Signature' }), T0)).rejects.toThrow('missing X-Fal-Webhook-Signature');
    const notHex = signed(keyA.privateKey);
    notHex.headers.set('X-Fal-Webhook-Signature', 'zz'.repeat(64));
    await expect(verifier.verify(notHex, T0)).rejects.toThrow('hex');
    // None of the forgeries made it fetch again: the JWKS is young.
    expect(fetches).toBe(1);
  });

  it('caches the JWKS between deliveries until it expires', async () => {
    const verifier = fresh();
    await verifier.verify(signed(keyA.privateKey), T0);
    await verifier.verify(signed(keyA.privateKey), T0);
    expect(fetches).toBe(1);
    const dayLater = T0 + 86_401_000;
    await verifier.verify(signed(keyA.privateKey, { timestamp: dayLater / 1000 }), dayLater);
    expect(fetches).toBe(2);
  });

  it('refetches once for a rotated key, but not more often than every five minutes', async () => {
    const verifier = fresh();
    await verifier.verify(signed(keyA.privateKey), T0);
    served = [jwk(keyB.publicKey, 'b')];
    // Within five minutes of the last fetch an unknown key is simply refused.
    await expect(verifier.verify(signed(keyB.privateKey, { timestamp: T0 / 1000 + 60 }), T0 + 60_000)).rejects.toThrow(WebhookVerificationError);
    expect(fetches).toBe(1);
    const later = T0 + 301_000;
    await expect(verifier.verify(signed(keyB.privateKey, { timestamp: later / 1000 }), later)).resolves.toMatchObject({ requestId: 'req-1' });
    expect(fetches).toBe(2);
    // Forgeries right after the rotation fetch do not trigger another.
    await expect(verifier.verify(signed(keyA.privateKey, { timestamp: later / 1000 }), later + 1000)).rejects.toThrow(WebhookVerificationError);
    await expect(verifier.verify(signed(keyA.privateKey, { timestamp: later / 1000 }), later + 2000)).rejects.toThrow(WebhookVerificationError);
    expect(fetches).toBe(2);
  });

  it('treats an unreachable JWKS with nothing cached as an outage, not a forgery', async () => {
    const verifier = createFalVerifier({ jwksUrl, fetchJwks: () => Promise.reject(new Error('fal JWKS answered 503')) });
    const err = await verifier.verify(signed(keyA.privateKey), T0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(WebhookVerificationError);
  });
});
