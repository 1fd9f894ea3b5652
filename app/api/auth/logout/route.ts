import { logout } from '@/lib/api/contracts/auth';
import { route } from '@/lib/api/route';
import { isHttps } from '@/lib/auth/login';
import { clearedSessionCookieHeader, deleteSession } from '@/lib/auth/sessions';

export const dynamic = 'force-dynamic';

// POST /api/auth/logout – end the browser session
export const POST = route(logout, async ({ request, principal }) => {
  if (principal.kind === 'session') await deleteSession(principal.id);
  return Response.json({ authenticated: false }, { headers: { 'Set-Cookie': clearedSessionCookieHeader(isHttps(request)) } });
});
