'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type WebhookMessage, webhookApi, when } from './api';

const STATUS_STYLE: Record<WebhookMessage['status'], string> = {
  succeeded: 'bg-emerald-400/10 text-emerald-300',
  pending: 'bg-glow-400/10 text-glow-400',
  failed: 'bg-rose-400/10 text-rose-300',
};

/** One endpoint's deliveries, newest first; refreshed while open, since attempts happen in the worker. */
export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const client = useQueryClient();
  const key = ['webhook-messages', endpointId];
  const log = useQuery({
    queryKey: key,
    queryFn: () => webhookApi<{ messages: WebhookMessage[] }>(`/api/webhooks/endpoints/${endpointId}/messages?limit=50`),
    refetchInterval: 3000,
  });
  const resend = useMutation({
    mutationFn: (id: string) => webhookApi(`/api/webhooks/messages/${id}/resend`, { method: 'POST' }),
    onSettled: () => void client.invalidateQueries({ queryKey: key }),
  });
  const messages = log.data?.messages ?? [];
  return (
    <div className="border-t border-ink-800 bg-ink-950/60">
      {log.error && <p role="alert" className="px-4 py-3 text-sm text-rose-400">{log.error.message}</p>}
      {resend.error && <p role="alert" className="px-4 py-3 text-sm text-rose-400">{resend.error.message}</p>}
      <table className="w-full text-left text-sm" aria-label="Delivery log">
        <thead className="text-ink-500">
          <tr>
            <th className="px-4 py-2 font-normal">Status</th>
            <th className="px-4 py-2 font-normal">Event</th>
            <th className="px-4 py-2 font-normal">Attempts</th>
            <th className="px-4 py-2 font-normal">Response</th>
            <th className="px-4 py-2 font-normal">Latency</th>
            <th className="px-4 py-2 font-normal">Last attempt</th>
            <th className="px-4 py-2" />
          </tr>
        </thead>
        <tbody>
          {log.isSuccess && messages.length === 0 && (
            <tr>
              <td colSpan={7} className="px-4 py-4 text-center text-ink-500">No deliveries yet: they appear as events happen.</td>
            </tr>
          )}
          {messages.map((m) => (
            <tr key={m.id} data-testid="webhook-delivery" className="border-t border-ink-800/60 align-top">
              <td className="px-4 py-2">
                <span className={`rounded-full px-2 py-0.5 text-xs ${STATUS_STYLE[m.status]}`}>{m.status}</span>
              </td>
              <td className="px-4 py-2 font-mono text-zinc-200">{m.event_type}</td>
              <td className="px-4 py-2 text-ink-300">{m.attempts}</td>
              <td className="px-4 py-2 text-ink-300" title={m.last_error ?? undefined}>
                {m.response_status ?? '—'}
                {m.last_error && <span className="mt-0.5 block max-w-56 truncate text-xs text-rose-300">{m.last_error}</span>}
              </td>
              <td className="px-4 py-2 text-ink-300">{m.latency_ms === null ? '—' : `${m.latency_ms} ms`}</td>
              <td className="px-4 py-2 text-ink-300">
                {when(m.last_attempt_at ?? m.created_at)}
                {m.next_attempt_at && m.attempts > 0 && <span className="block text-xs text-ink-500">next {when(m.next_attempt_at)}</span>}
              </td>
              <td className="px-4 py-2 text-right">
                <button
                  type="button"
                  onClick={() => resend.mutate(m.id)}
                  disabled={resend.isPending && resend.variables === m.id}
                  className="rounded-md border border-ink-700 px-3 py-1 text-zinc-100 hover:border-glow-400 disabled:opacity-60"
                >
                  Resend
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
