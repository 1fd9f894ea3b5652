import { login } from '@/lib/api/contracts/auth';
import { route } from '@/lib/api/route';
import { logIn } from '@/lib/auth/login';

export const dynamic = 'force-dynamic';

// POST /api/auth/login – exchange the admin password for a session cookie
export const POST = route(login, async ({ request, body }) => {
  const session = await logIn(request, body.password);
  return Response.json(login.response.parse({ authenticated: true, expires_at: session.expiresAt.toISOString() }), {
    headers: { 'Set-Cookie': session.cookie, 'Cache-Control': 'no-store' },
  });
});
