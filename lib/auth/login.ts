import { AppError } from '@/lib/errors';
import { verifyAdminPassword } from '@/lib/auth/admin';
import { consumeRateLimit, peekRateLimit } from '@/lib/auth/rate-limit';
import { createSession, sessionCookieHeader } from '@/lib/auth/sessions';
import { setting } from '@/lib/config';

const FAILURES_PER_MINUTE = () => setting('LOGIN_FAILURES_PER_MINUTE');

/**
 * Failed logins are counted per client address when a trusted proxy reports it, otherwise for
 * the whole instance: a forged X-Forwarded-For must not buy an attacker fresh attempts.
 */
function loginBucket(request: Request): string {
  const forwarded = setting('TRUST_PROXY') ? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return `login:${forwarded || 'all'}`;
}

export const isHttps = (request: Request) =>
  new URL(request.url).protocol === 'https:' || (setting('TRUST_PROXY') && request.headers.get('x-forwarded-proto') === 'https');

export async function logIn(request: Request, password: string): Promise<{ cookie: string; expiresAt: Date }> {
  const bucket = loginBucket(request);
  const limit = FAILURES_PER_MINUTE();
  if ((await peekRateLimit(bucket)) >= limit) {
    throw new AppError('rate_limited', 'Too many failed logins; wait a minute and try again', undefined, { 'Retry-After': '60' });
  }
  if (!(await verifyAdminPassword(password))) {
    await consumeRateLimit(bucket, limit);
    throw new AppError('unauthorized', 'Wrong password');
  }
  const session = await createSession();
  return { cookie: sessionCookieHeader(session.cookieValue, session.expiresAt, isHttps(request)), expiresAt: session.expiresAt };
}
