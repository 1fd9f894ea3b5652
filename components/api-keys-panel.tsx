'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? `Request failed (${res.status})`);
  return body as T;
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

export function ApiKeysPanel() {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => api<{ keys: ApiKey[] }>('/api/keys') });
  const create = useMutation({
    mutationFn: () => api<{ key: string }>('/api/keys', { method: 'POST', body: JSON.stringify({ name, ...(days ? { expires_in_days: Number(days) } : {}) }) }),
    onSuccess: (data) => {
      setCreated(data.key);
      setName('');
      setDays('');
      void client.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/keys/${id}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['api-keys'] }),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    create.mutate();
  }

  return (
    <div className="mt-6 space-y-6">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3 rounded-xl border border-ink-800 bg-ink-900 p-4">
        <label className="flex-1 text-sm text-ink-300">
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={100}
            placeholder="e.g. render farm"
            className="mt-1 block w-full rounded-md border border-ink-700 bg-ink-950 px-3 py-2 text-zinc-100"
          />
        </label>
        <label className="w-40 text-sm text-ink-300">
          Expires in (days)
          <input
            value={days}
            onChange={(e) => setDays(e.target.value.replace(/\D/g, ''))}
            inputMode="numeric"
            placeholder="never"
            className="mt-1 block w-full rounded-md border border-ink-700 bg-ink-950 px-3 py-2 text-zinc-100"
          />
        </label>
        <button type="submit" disabled={create.isPending} className="rounded-md bg-glow-400 px-4 py-2 font-medium text-ink-950 hover:bg-glow-500 disabled:opacity-60">
          Create key
        </button>
      </form>
      {create.error && <p role="alert" className="text-sm text-rose-400">{create.error.message}</p>}
      {created && (
        <div role="status" className="rounded-xl border border-glow-400/60 bg-glow-400/10 p-4">
          <p className="text-sm text-zinc-100">Copy this key now — it will not be shown again.</p>
          <code data-testid="new-api-key" className="mt-2 block break-all rounded bg-ink-950 px-3 py-2 text-glow-400">
            {created}
          </code>
        </div>
      )}
      <div className="overflow-x-auto rounded-xl border border-ink-800">
        <table className="w-full text-left text-sm">
          <thead className="bg-ink-900 text-ink-300">
            <tr>
              <th className="px-4 py-2 font-normal">Name</th>
              <th className="px-4 py-2 font-normal">Key</th>
              <th className="px-4 py-2 font-normal">Created</th>
              <th className="px-4 py-2 font-normal">Last used</th>
              <th className="px-4 py-2 font-normal">Expires</th>
              <th className="px-4 py-2" />
            </tr>
          </thead>
          <tbody>
            {keys.data?.keys.length === 0 && (
              <tr>
                <td colSpan={6} className="px-4 py-6 text-center text-ink-500">No API keys yet.</td>
              </tr>
            )}
            {keys.data?.keys.map((key) => (
              <tr key={key.id} className="border-t border-ink-800">
                <td className="px-4 py-2 text-zinc-100">{key.name}</td>
                <td className="px-4 py-2 font-mono text-ink-300">{key.prefix}…</td>
                <td className="px-4 py-2 text-ink-300">{when(key.created_at)}</td>
                <td className="px-4 py-2 text-ink-300">{when(key.last_used_at)}</td>
                <td className="px-4 py-2 text-ink-300">{key.expires_at ? when(key.expires_at) : 'never'}</td>
                <td className="px-4 py-2 text-right">
                  {key.revoked_at ? (
                    <span className="text-ink-500">revoked</span>
                  ) : (
                    <button type="button" onClick={() => revoke.mutate(key.id)} className="rounded-md border border-ink-700 px-3 py-1 text-rose-300 hover:border-rose-400">
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
