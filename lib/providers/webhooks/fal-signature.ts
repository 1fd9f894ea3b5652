import { createHash, createPublicKey, verify, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto';
import { WebhookVerificationError, type WebhookRequest } from '@/lib/providers/video/types';

// fal.ai webhook signatures (docs/providers.md §4): ED25519 over
// `request_id \n user_id \n timestamp \n sha256_hex(raw body)`, checked against any Ed25519 key in
// fal's JWKS. Not Standard Webhooks. Several public implementations agree; fal's own page on
// verification was not read, so the scheme is medium confidence.

export interface FalVerifierOptions {
  /** Operator configuration (FAL_JWKS_URL), never user input. */
  jwksUrl: string;
  /** How long a fetched JWKS is trusted; the doc advises at most 24 h. */
  cacheSeconds?: number;
  /** Allowed clock difference either way. */
  toleranceSeconds?: number;
  /** Replaces the HTTP fetch of the JWKS (tests, proxies). Resolves with the parsed JSON. */
  fetchJwks?: (url: string) => Promise<unknown>;
}

export interface FalVerifiedHeaders {
  requestId: string;
  userId: string;
  timestamp: number;
}

/**
 * A signature that matches no cached key may mean fal rotated keys, so the JWKS is fetched again —
 * but at most once per this interval, so a stream of forged requests cannot make us hammer fal.
 */
const REFETCH_MIN_SECONDS = 300;
const JWKS_TIMEOUT_MS = 10_000;

async function defaultFetchJwks(url: string): Promise<unknown> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`fal JWKS answered ${res.status}`);
  return res.json();
}

/** The Ed25519 keys of a JWKS; other key types and keys Node cannot read are skipped. */
function ed25519Keys(jwks: unknown): KeyObject[] {
  const keys = (jwks as { keys?: unknown })?.keys;
  if (!Array.isArray(keys)) return [];
  return keys.flatMap((jwk: Record<string, unknown>) => {
    if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519') return [];
    try {
      return [createPublicKey({ key: jwk as NodeJwk, format: 'jwk' })];
    } catch {
      return [];
    }
  });
}

function header(req: WebhookRequest, name: string): string {
  const value = req.headers.get(name)?.trim();
  if (!value) throw new WebhookVerificationError(`missing ${name} header`);
  return value;
}

export function createFalVerifier({ jwksUrl, cacheSeconds = 86_400, toleranceSeconds = 300, fetchJwks = defaultFetchJwks }: FalVerifierOptions) {
  let cache: { keys: KeyObject[]; fetchedAtMs: number } | null = null;
  // Concurrent deliveries share one fetch rather than each starting their own.
  let inFlight: Promise<KeyObject[]> | null = null;
  // Successful or not: the rate limit counts attempts, so an unreachable fal is not hammered either.
  let lastAttemptMs = -Infinity;

  const refresh = (nowMs: number): Promise<KeyObject[]> => {
    if (inFlight) return inFlight;
    lastAttemptMs = nowMs;
    inFlight = fetchJwks(jwksUrl)
      .then((jwks) => {
        cache = { keys: ed25519Keys(jwks), fetchedAtMs: nowMs };
        return cache.keys;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  const keys = async (nowMs: number): Promise<KeyObject[]> => {
    // The cached set while it is young; past its age, fetched again (if that fails, the stale set is
    // used and the next attempt waits out the rate limit).
    if (cache && (nowMs - cache.fetchedAtMs < cacheSeconds * 1000 || nowMs - lastAttemptMs < REFETCH_MIN_SECONDS * 1000)) return cache.keys;
    try {
      return await refresh(nowMs);
    } catch (err) {
      // An expired cache still beats rejecting every delivery while fal's JWKS is unreachable. With
      // no keys at all this is our outage, not a bad request: a plain Error (→ 5xx) makes fal retry.
      if (cache) return cache.keys;
      throw err;
    }
  };

  return {
    /** Throws WebhookVerificationError unless the request is signed by a current fal key. `now` is in ms. */
    async verify(req: WebhookRequest, now: number = Date.now()): Promise<FalVerifiedHeaders> {
      const requestId = header(req, 'X-Fal-Webhook-Request-Id');
      const userId = header(req, 'X-Fal-Webhook-User-Id');
      const timestampText = header(req, 'X-Fal-Webhook-Timestamp');
      const signatureHex = header(req, 'X-Fal-Webhook-Signature');
      if (!/^\d{1,12}$/.test(timestampText)) throw new WebhookVerificationError('the timestamp is not unix seconds');
      const timestamp = Number(timestampText);
      if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) throw new WebhookVerificationError('the timestamp is too old or in the future');
      // An Ed25519 signature is 64 bytes.
      if (!/^[0-9a-fA-F]{128}$/.test(signatureHex)) throw new WebhookVerificationError('the signature is not 64 bytes of hex');
      const signature = Buffer.from(signatureHex, 'hex');
      const bodyHash = createHash('sha256').update(req.rawBody).digest('hex');
      // The timestamp goes in exactly as sent, not re-formatted.
      const message = Buffer.from(`${requestId}\n${userId}\n${timestampText}\n${bodyHash}`);
      const matches = (candidates: KeyObject[]) => candidates.some((key) => verify(null, message, key, signature));

      if (matches(await keys(now))) return { requestId, userId, timestamp };
      // Possibly a rotated key: look again, unless we looked recently (the rate limit).
      if (now - lastAttemptMs >= REFETCH_MIN_SECONDS * 1000) {
        const fresh = await refresh(now).catch(() => [] as KeyObject[]);
        if (matches(fresh)) return { requestId, userId, timestamp };
      }
      throw new WebhookVerificationError('the signature matches no fal key');
    },
  };
}

export type FalVerifier = ReturnType<typeof createFalVerifier>;
