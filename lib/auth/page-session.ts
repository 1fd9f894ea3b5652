import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { SESSION_COOKIE, verifySessionCookie } from '@/lib/auth/sessions';

/** Server components behind the login: no valid session, no page. */
export async function requirePageSession(): Promise<string> {
  const jar = await cookies();
  const sessionId = await verifySessionCookie(jar.get(SESSION_COOKIE)?.value);
  if (!sessionId) redirect('/login');
  return sessionId;
}

export async function hasPageSession(): Promise<boolean> {
  const jar = await cookies();
  return (await verifySessionCookie(jar.get(SESSION_COOKIE)?.value)) !== null;
}
