import { hmac, safeEqual } from '@/lib/auth/crypto';
import { getSigningSecret } from '@/lib/auth/settings';
import { setting } from '@/lib/config';

const ttlSeconds = () => setting('MEDIA_URL_TTL_SECONDS');

/**
 * A URL that works without a header (a <video> tag, a new tab) for a limited time:
 * `path?exp=<unix>&sig=<hmac(method, path, exp)>`. HEAD requests use GET signatures.
 */
export async function signMediaPath(path: string, now = Date.now()): Promise<string> {
  return (await mediaSigner(now))(path);
}

// The URLs signed in the current second: the same path, expiry and secret always give the same
// signature, and a busy list page (20 rows, three URLs each) is asked for many times a second.
let signed: { secret: Buffer; exp: number; urls: Map<string, string> } = { secret: Buffer.alloc(0), exp: 0, urls: new Map() };

/** signMediaPath for many paths at once (a page of rows): the secret is awaited once, signing is synchronous. */
export async function mediaSigner(now = Date.now()): Promise<(path: string) => string> {
  const secret = await getSigningSecret();
  const exp = Math.floor(now / 1000) + ttlSeconds();
  if (signed.exp !== exp || signed.secret !== secret || signed.urls.size > 10_000) signed = { secret, exp, urls: new Map() };
  const { urls } = signed;
  return (path) => {
    let url = urls.get(path);
    if (url === undefined) {
      url = `${path}?exp=${exp}&sig=${hmac(secret, `GET\n${path}\n${exp}`)}`;
      urls.set(path, url);
    }
    return url;
  };
}

export type SignatureCheck = 'absent' | 'valid' | 'invalid' | 'expired';

export async function checkSignedRequest(request: Request): Promise<SignatureCheck> {
  const url = new URL(request.url);
  const exp = url.searchParams.get('exp');
  const sig = url.searchParams.get('sig');
  if (exp === null && sig === null) return 'absent';
  if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return 'invalid';
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const expected = hmac(await getSigningSecret(), `${method}\n${url.pathname}\n${exp}`);
  if (!safeEqual(sig, expected)) return 'invalid';
  return Number(exp) * 1000 < Date.now() ? 'expired' : 'valid';
}
