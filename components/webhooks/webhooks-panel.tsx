'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type WebhookEndpoint, webhookApi, when } from './api';
import { DeliveryLog } from './delivery-log';
import { EndpointForm } from './endpoint-form';
import { SecretNotice } from './secret-notice';

const KEY = ['webhook-endpoints'];

/** A reason names its moment in ISO 8601 (e.g. when a 410 came); shown in the reader's own time. */
const localTimes = (text: string) => text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, (iso) => new Date(iso).toLocaleString());

function EndpointItem({ endpoint, onSecret }: { endpoint: WebhookEndpoint; onSecret: (secret: string, title: string) => void }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const refresh = () => void client.invalidateQueries({ queryKey: KEY });
  const patch = useMutation({
    mutationFn: (body: { enabled: boolean }) => webhookApi(`/api/webhooks/endpoints/${endpoint.id}`, { method: 'PATCH', body: JSON.stringify(body) }),
    onSuccess: refresh,
  });
  const rotate = useMutation({
    mutationFn: () => webhookApi<{ secret: string }>(`/api/webhooks/endpoints/${endpoint.id}/rotate`, { method: 'POST' }),
    onSuccess: (data) => {
      onSecret(data.secret, 'The new signing secret — copy it now. The previous one keeps signing too for 24 hours.');
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: () => webhookApi(`/api/webhooks/endpoints/${endpoint.id}`, { method: 'DELETE' }), onSuccess: refresh });
  const error = patch.error ?? rotate.error ?? remove.error;
  const button = 'rounded-md border border-ink-700 px-3 py-1 text-sm hover:border-glow-400 disabled:opacity-60';

  return (
    <li data-testid="webhook-endpoint" className="overflow-hidden rounded-xl border border-ink-800">
      <div className="space-y-2 bg-ink-900 px-4 py-3">
        <div className="flex items-start justify-between gap-3">
          <p className="min-w-0 break-all font-mono text-sm text-zinc-100">{endpoint.url}</p>
          <span className={`shrink-0 rounded-full px-2 py-0.5 text-xs ${endpoint.enabled ? 'bg-emerald-400/10 text-emerald-300' : 'bg-rose-400/10 text-rose-300'}`}>
            {endpoint.enabled ? 'enabled' : 'disabled'}
          </span>
        </div>
        <p className="text-xs text-ink-300">
          {endpoint.description && <span className="text-zinc-200">{endpoint.description} · </span>}
          {endpoint.events.length === 0 ? 'every event' : endpoint.events.join(', ')} · added {when(endpoint.created_at)}
          {endpoint.previous_secret_expires_at && <span className="text-ink-500"> · previous secret signs until {when(endpoint.previous_secret_expires_at)}</span>}
        </p>
        {!endpoint.enabled && endpoint.disabled_reason && <p className="text-xs text-rose-300">{localTimes(endpoint.disabled_reason)}</p>}
        <div className="flex flex-wrap gap-2 pt-1">
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} className={`${button} text-zinc-100`}>
            {open ? 'Hide deliveries' : 'Deliveries'}
          </button>
          <button type="button" onClick={() => patch.mutate({ enabled: !endpoint.enabled })} disabled={patch.isPending} className={`${button} text-zinc-100`}>
            {endpoint.enabled ? 'Disable' : 'Enable'}
          </button>
          <button type="button" onClick={() => rotate.mutate()} disabled={rotate.isPending} className={`${button} text-zinc-100`}>
            Rotate secret
          </button>
          <button type="button" onClick={() => remove.mutate()} disabled={remove.isPending} className={`${button} text-rose-300 hover:border-rose-400`}>
            Delete
          </button>
        </div>
      </div>
      {error && <p role="alert" className="px-4 py-2 text-sm text-rose-400">{error.message}</p>}
      {open && <DeliveryLog endpointId={endpoint.id} />}
    </li>
  );
}

/** The app-wide secret: it signs deliveries to a webhook_url given on a job or production. */
function RequestSecret({ onSecret }: { onSecret: (secret: string, title: string) => void }) {
  const reveal = useMutation({ mutationFn: () => webhookApi<{ secret: string }>('/api/webhooks/secret') });
  const rotate = useMutation({ mutationFn: () => webhookApi<{ secret: string }>('/api/webhooks/secret/rotate', { method: 'POST' }) });
  const show = (title: string) => ({ onSuccess: (data: { secret: string }) => onSecret(data.secret, title) });
  const error = reveal.error ?? rotate.error;
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-xl border border-ink-800 px-4 py-3 text-sm text-ink-300">
      <p className="min-w-64 flex-1">
        Per-request webhooks (<code className="text-glow-400">webhook_url</code> on a job or production) are signed with one app-wide secret.
      </p>
      <button type="button" onClick={() => reveal.mutate(undefined, show('The app-wide signing secret for per-request webhooks.'))} className="rounded-md border border-ink-700 px-3 py-1 text-zinc-100 hover:border-glow-400">
        Show secret
      </button>
      <button type="button" onClick={() => rotate.mutate(undefined, show('The new app-wide secret — the previous one keeps signing too for 24 hours.'))} className="rounded-md border border-ink-700 px-3 py-1 text-zinc-100 hover:border-glow-400">
        Rotate
      </button>
      {error && <p role="alert" className="w-full text-rose-400">{error.message}</p>}
    </div>
  );
}

export function WebhooksPanel() {
  const [secret, setSecret] = useState<{ value: string; title: string } | null>(null);
  const endpoints = useQuery({ queryKey: KEY, queryFn: () => webhookApi<{ endpoints: WebhookEndpoint[] }>('/api/webhooks/endpoints?limit=100') });
  const onSecret = (value: string, title: string) => setSecret({ value, title });
  return (
    <div className="mt-6 space-y-6">
      <EndpointForm onCreated={(value) => onSecret(value, 'Copy this signing secret now — it will not be shown again.')} />
      {secret && <SecretNotice secret={secret.value} title={secret.title} onDismiss={() => setSecret(null)} />}
      {endpoints.error && <p role="alert" className="text-sm text-rose-400">{endpoints.error.message}</p>}
      {endpoints.data?.endpoints.length === 0 && <p className="rounded-xl border border-ink-800 px-4 py-6 text-center text-sm text-ink-500">No webhook endpoints yet.</p>}
      <ul className="space-y-3">
        {endpoints.data?.endpoints.map((endpoint) => <EndpointItem key={endpoint.id} endpoint={endpoint} onSecret={onSecret} />)}
      </ul>
      <RequestSecret onSecret={onSecret} />
    </div>
  );
}
