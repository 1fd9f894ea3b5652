'use client';

import { useQueryClient } from '@tanstack/react-query';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { EVENT_TYPES, type EventEnvelope } from '@/lib/events/types';
import { applyEvent } from './cache';
import { setStreamLive } from './live-status';
import { type Toast, Toasts, toastFor } from './toasts';

const MAX_BACKOFF_MS = 30_000;

/**
 * The app's one EventSource (a browser allows six connections per origin across all tabs, so one
 * stream per app, not per page). Every event updates the query cache; a finished job or
 * production is also announced when the page showing it is not open.
 */
export function LiveEvents() {
  const client = useQueryClient();
  const pathname = usePathname();
  const pathRef = useRef(pathname);
  pathRef.current = pathname;
  const [toasts, setToasts] = useState<Toast[]>([]);

  useEffect(() => {
    let source: EventSource | null = null;
    let lastId: string | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let backoff = 1000;
    let stopped = false;

    const onEvent = (message: MessageEvent<string>) => {
      lastId = message.lastEventId || lastId;
      const event = JSON.parse(message.data) as EventEnvelope;
      applyEvent(client, event);
      const toast = toastFor(event, pathRef.current);
      if (toast) setToasts((list) => [...list.filter((t) => t.id !== toast.id), toast].slice(-4));
    };

    const connect = () => {
      // A stream made anew (not the browser's own reconnect) resumes from the last event seen.
      source = new EventSource(lastId ? `/api/events?last_event_id=${lastId}` : '/api/events');
      for (const type of EVENT_TYPES) source.addEventListener(type, onEvent as EventListener);
      source.onopen = () => {
        backoff = 1000;
        setStreamLive(true);
        // The first connection cannot know what changed between the page's first fetch and now.
        if (lastId === null) void client.invalidateQueries({ refetchType: 'active' });
      };
      source.onerror = () => {
        setStreamLive(false);
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source = null;
          retry = setTimeout(connect, backoff);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
      setStreamLive(false);
    };
  }, [client]);

  return <Toasts toasts={toasts} onDismiss={(id) => setToasts((list) => list.filter((t) => t.id !== id))} />;
}
