'use client';

import Link from 'next/link';
import { useEffect } from 'react';
import type { EventEnvelope } from '@/lib/events/types';

export interface Toast {
  id: string;
  tone: 'done' | 'failed';
  title: string;
  detail: string;
  href: string;
}

const SHOWN_MS = 8000;

const excerpt = (text: unknown) => {
  const s = typeof text === 'string' ? text : '';
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
};

/** A toast for a job or production that just finished, unless the page that shows it is open (or it is part of a production). */
export function toastFor(event: EventEnvelope, pathname: string): Toast | null {
  const data = event.data as Record<string, unknown>;
  const done = event.type.endsWith('.completed');
  if (!done && !event.type.endsWith('.failed')) return null;
  const tone = done ? 'done' : 'failed';
  if (event.object === 'production') {
    const href = `/productions/${data.id}`;
    if (pathname.startsWith(href) || pathname === '/jobs') return null;
    const brief = data.brief as { prompt?: string } | undefined;
    return { id: String(data.id), tone, title: done ? 'Production finished' : 'Production failed', detail: excerpt(done ? brief?.prompt : data.error_message), href };
  }
  if (event.object !== 'video_job' && event.object !== 'audio_job') return null;
  if (data.production_id || pathname === '/jobs') return null;
  const video = event.object === 'video_job';
  if (!video && pathname === '/audio') return null;
  const what = video ? 'Render' : 'Audio job';
  const detail = done ? excerpt(data.prompt ?? data.text) : excerpt(data.error_message);
  return { id: String(data.id), tone, title: `${what} ${done ? 'finished' : 'failed'}`, detail, href: `/jobs?highlight=${data.id}` };
}

function ToastCard({ toast, onDismiss }: { toast: Toast; onDismiss: () => void }) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, SHOWN_MS);
    return () => clearTimeout(timer);
  }, [onDismiss]);
  const accent = toast.tone === 'done' ? 'border-glow-400/60' : 'border-intimate/60';
  return (
    <li data-testid="toast" data-tone={toast.tone} className={`pointer-events-auto flex w-80 max-w-[calc(100vw-2rem)] items-start gap-3 rounded-xl border bg-ink-900/95 p-4 shadow-xl backdrop-blur ${accent}`}>
      <span aria-hidden className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${toast.tone === 'done' ? 'bg-glow-400' : 'bg-intimate'}`} />
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium text-zinc-50">{toast.title}</p>
        {toast.detail && <p className="mt-0.5 truncate text-xs text-ink-300">{toast.detail}</p>}
        <Link href={toast.href} onClick={onDismiss} className="mt-2 inline-block text-xs text-glow-400 hover:underline">
          {toast.tone === 'done' ? 'Open' : 'See why'}
        </Link>
      </div>
      <button type="button" onClick={onDismiss} aria-label="Dismiss" className="text-ink-500 transition hover:text-zinc-100">
        ×
      </button>
    </li>
  );
}

export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss: (id: string) => void }) {
  return (
    <ol aria-live="polite" aria-label="Notifications" className="pointer-events-none fixed right-4 bottom-4 z-50 flex flex-col gap-2">
      {toasts.map((toast) => (
        <ToastCard key={toast.id} toast={toast} onDismiss={() => onDismiss(toast.id)} />
      ))}
    </ol>
  );
}
