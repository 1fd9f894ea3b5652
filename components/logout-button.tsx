'use client';

import { useState } from 'react';

export function LogoutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await fetch('/api/auth/logout', { method: 'POST' });
        window.location.assign('/login');
      }}
      className="whitespace-nowrap rounded-md px-2 py-1.5 text-sm sm:px-3 text-ink-300 transition hover:bg-ink-800 hover:text-zinc-50 disabled:opacity-50"
    >
      Log out
    </button>
  );
}
