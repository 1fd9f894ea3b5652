import { AppError } from '@/lib/errors';
import { authenticateApiKey } from '@/lib/auth/api-keys';
import { readCookie, SESSION_COOKIE, verifySessionCookie } from '@/lib/auth/sessions';
import { checkSignedRequest } from '@/lib/auth/signed-url';
import { setting } from '@/lib/config';

export type Principal =
  | { kind: 'api_key'; id: string; name: string }
  | { kind: 'session'; id: string }
  | { kind: 'signed_url' }
  | { kind: 'anonymous' };

/**
 * How a route is reached: `required` (an API key or a session), `optional` (either, or nobody),
 * `signed` (a valid signed URL, or else `required`), `public` (nobody is asked; webhook routes
 * verify the provider's signature themselves).
 */
export type AuthMode = 'required' | 'optional' | 'signed' | 'public';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A cookie rides along on cross-site requests; a state change must prove it came from our own pages. */
function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get('origin');
  const allowed = new Set([new URL(request.url).origin]);
  const host = request.headers.get('host');
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  const publicBase = setting('PUBLIC_BASE_URL');
  if (publicBase) allowed.add(new URL(publicBase).origin);
  if (origin ? allowed.has(origin) : request.headers.get('sec-fetch-site') === 'same-origin') return;
  throw new AppError('forbidden', 'Cross-site request refused: the Origin does not match this site');
}

export async function sessionFrom(request: Request): Promise<string | null> {
  return verifySessionCookie(readCookie(request.headers.get('cookie'), SESSION_COOKIE));
}

export async function authenticate(request: Request, mode: AuthMode): Promise<Principal> {
  if (mode === 'public') return { kind: 'anonymous' };
  if (mode === 'signed') {
    const signature = await checkSignedRequest(request);
    if (signature === 'valid') return { kind: 'signed_url' };
    if (signature === 'expired') throw new AppError('forbidden', 'This media link has expired');
    if (signature === 'invalid') throw new AppError('forbidden', 'This media link is not valid');
  }
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const [scheme, token] = authorization.split(/\s+/, 2);
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new AppError('unauthorized', 'Use Authorization: Bearer <api key>');
    const key = await authenticateApiKey(token);
    return { kind: 'api_key', id: key.id, name: key.name };
  }
  const sessionId = await sessionFrom(request);
  if (sessionId) {
    assertSameOrigin(request);
    return { kind: 'session', id: sessionId };
  }
  if (mode === 'optional') return { kind: 'anonymous' };
  throw new AppError('unauthorized', 'Authentication required: send an API key (Authorization: Bearer cm_…) or log in');
}

export const principalKey = (p: Principal) => (p.kind === 'api_key' || p.kind === 'session' ? `${p.kind}:${p.id}` : p.kind);
