import { eq, lt } from 'drizzle-orm';
import { hmac, randomToken, safeEqual } from '@/lib/auth/crypto';
import { getSigningSecret } from '@/lib/auth/settings';
import { setting } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { sessions } from '@/lib/db/schema';

export const SESSION_COOKIE = 'cinemood_session';
const TTL_SECONDS = () => setting('SESSION_TTL_HOURS') * 3600;

export interface CreatedSession {
  cookieValue: string;
  expiresAt: Date;
}

export async function createSession(): Promise<CreatedSession> {
  const id = randomToken(24);
  const expiresAt = new Date(Date.now() + TTL_SECONDS() * 1000);
  await getDb().insert(sessions).values({ id, expiresAt });
  // Expired sessions are removed as new ones are made, so the table never grows without bound.
  await getDb().delete(sessions).where(lt(sessions.expiresAt, new Date()));
  return { cookieValue: `${id}.${hmac(await getSigningSecret(), `session:${id}`)}`, expiresAt };
}

/** The session id when the cookie is authentic and its session is alive. */
export async function verifySessionCookie(value: string | undefined): Promise<string | null> {
  if (!value || value.length > 200) return null;
  const [id, signature] = value.split('.');
  if (!id || !signature) return null;
  if (!safeEqual(signature, hmac(await getSigningSecret(), `session:${id}`))) return null;
  const [row] = await getDb().select().from(sessions).where(eq(sessions.id, id));
  if (!row || row.expiresAt.getTime() <= Date.now()) return null;
  return id;
}

export async function deleteSession(id: string): Promise<void> {
  await getDb().delete(sessions).where(eq(sessions.id, id));
}

export function sessionCookieHeader(value: string, expiresAt: Date, secure: boolean): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Expires=${expiresAt.toUTCString()}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookieHeader(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return rest.join('=');
  }
  return undefined;
}
