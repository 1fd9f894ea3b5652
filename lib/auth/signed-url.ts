import { hmac, safeEqual } from '@/lib/auth/crypto';
import { getSigningSecret } from '@/lib/auth/settings';
import { setting } from '@/lib/config';

const ttlSeconds = () => setting('MEDIA_URL_TTL_SECONDS');

/**
 * A URL that works without a header (a <video> tag, a new tab) for a limited time:
 * `path?exp=<unix>&sig=<hmac(method, path, exp)>`. HEAD requests use GET signatures.
 */
export async function signMediaPath(path: string, now = Date.now()): Promise<string> {
  const exp = Math.floor(now / 1000) + ttlSeconds();
  const sig = hmac(await getSigningSecret(), `GET\n${path}\n${exp}`);
  return `${path}?exp=${exp}&sig=${sig}`;
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
