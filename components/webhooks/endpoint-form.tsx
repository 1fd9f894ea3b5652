'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { webhookApi } from './api';

// The patterns most integrations want; anything else can be typed (e.g. job.failed, asset.*).
const SUGGESTED = ['job.*', 'job.completed', 'job.failed', 'production.*', 'production.completed', 'asset.*'];

const patternsOf = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** Adds an endpoint; the secret of the new one is handed to `onCreated`, to be shown once. */
export function EndpointForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const client = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation({
    mutationFn: () => webhookApi<{ secret: string }>('/api/webhooks/endpoints', { method: 'POST', body: JSON.stringify({ url, events: patternsOf(events), description }) }),
    onSuccess: (data) => {
      onCreated(data.secret);
      setUrl('');
      setEvents('');
      setDescription('');
      void client.invalidateQueries({ queryKey: ['webhook-endpoints'] });
    },
  });

  function toggle(pattern: string) {
    const list = patternsOf(events);
    setEvents((list.includes(pattern) ? list.filter((p) => p !== pattern) : [...list, pattern]).join(', '));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  const chosen = new Set(patternsOf(events));
  return (
    <form onSubmit={submit} className="space-y-3 rounded-xl border border-ink-800 bg-ink-900 p-4">
      <div className="flex flex-wrap gap-3">
        <label className="min-w-64 flex-[2] text-sm text-ink-300">
          Endpoint URL
          <input
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            required
            type="url"
            maxLength={2000}
            placeholder="https://example.com/hooks/cinemood"
            className="mt-1 block w-full rounded-md border border-ink-700 bg-ink-950 px-3 py-2 text-zinc-100"
          />
        </label>
        <label className="min-w-48 flex-1 text-sm text-ink-300">
          Description
          <input
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={500}
            placeholder="e.g. render farm"
            className="mt-1 block w-full rounded-md border border-ink-700 bg-ink-950 px-3 py-2 text-zinc-100"
          />
        </label>
      </div>
      <label className="block text-sm text-ink-300">
        Events <span className="text-ink-500">(comma-separated; empty = every event)</span>
        <input
          value={events}
          onChange={(e) => setEvents(e.target.value)}
          placeholder="job.completed, production.*"
          className="mt-1 block w-full rounded-md border border-ink-700 bg-ink-950 px-3 py-2 font-mono text-zinc-100"
        />
      </label>
      <div className="flex flex-wrap items-center gap-2">
        {SUGGESTED.map((pattern) => (
          <button
            key={pattern}
            type="button"
            aria-pressed={chosen.has(pattern)}
            onClick={() => toggle(pattern)}
            className={`rounded-full border px-3 py-1 font-mono text-xs ${chosen.has(pattern) ? 'border-glow-400 bg-glow-400/10 text-glow-400' : 'border-ink-700 text-ink-300 hover:border-ink-500'}`}
          >
            {pattern}
          </button>
        ))}
        <button type="submit" disabled={create.isPending} className="ml-auto rounded-md bg-glow-400 px-4 py-2 font-medium text-ink-950 hover:bg-glow-500 disabled:opacity-60">
          Add endpoint
        </button>
      </div>
      {create.error && <p role="alert" className="text-sm text-rose-400">{create.error.message}</p>}
    </form>
  );
}
