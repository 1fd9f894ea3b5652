'use client';

import { useState } from 'react';

/** A secret shown once, with a copy button: after this it is never shown again. */
export function SecretNotice({ secret, title, onDismiss }: { secret: string; title: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  }
  return (
    <div role="status" className="rounded-xl border border-glow-400/60 bg-glow-400/10 p-4">
      <p className="text-sm text-zinc-100">{title}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code data-testid="new-webhook-secret" className="min-w-0 flex-1 break-all rounded bg-ink-950 px-3 py-2 text-glow-400">
          {secret}
        </code>
        <button type="button" onClick={copy} className="rounded-md border border-ink-700 px-3 py-2 text-sm text-zinc-100 hover:border-glow-400">
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" onClick={onDismiss} className="rounded-md px-3 py-2 text-sm text-ink-300 hover:text-zinc-100">
          Done
        </button>
      </div>
    </div>
  );
}
