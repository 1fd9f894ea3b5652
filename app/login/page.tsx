import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/login-form';
import { hasPageSession } from '@/lib/auth/page-session';

export const dynamic = 'force-dynamic';

export default async function LoginPage() {
  if (await hasPageSession()) redirect('/');
  return (
    <main className="flex min-h-screen items-center justify-center px-5">
      <div className="w-full max-w-sm">
        <p className="text-center font-[family-name:var(--font-display)] text-3xl text-zinc-50">
          Cine<span className="text-glow-400">mood</span>
        </p>
        <p className="mt-2 text-center text-sm text-ink-300">Log in with the admin password.</p>
        <LoginForm />
        <p className="mt-6 text-center text-xs text-ink-500">
          The password is <code>ADMIN_PASSWORD</code>, or the one printed when Cinemood first started.
        </p>
      </div>
    </main>
  );
}
