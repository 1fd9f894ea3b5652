'use client';

import { useState, type FormEvent } from 'react';

export function LoginForm() {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }) });
    if (res.ok) {
      window.location.assign('/');
      return;
    }
    const body = await res.json().catch(() => null);
    setError(body?.error?.message ?? 'Login failed');
    setBusy(false);
  }

  return (
    <form onSubmit={submit} className="mt-8 space-y-4 rounded-xl border border-ink-800 bg-ink-900 p-6">
      <label className="block text-sm text-ink-300">
        Password
        <input
          type="password"
          name="password"
          autoComplete="current-password"
          required
          // biome-ignore lint/a11y/noAutofocus: the login page is one password field under a title and a one-line hint; focus on load lands where every visitor goes first.
          autoFocus
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className="mt-1 block w-full rounded-md border border-ink-700 bg-ink-950 px-3 py-2 text-zinc-100 focus:border-glow-400 focus:outline-none"
        />
      </label>
      {error && (
        <p role="alert" className="text-sm text-rose-400">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className="w-full rounded-md bg-glow-400 px-4 py-2 font-medium text-ink-950 hover:bg-glow-500 disabled:opacity-60">
        {busy ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}
