import { AppError } from '@/lib/errors';
import type { EventFilter } from './filter';
import { sseComment } from './frames';
import { eventHub } from './hub';

/** A stream whose client reads slower than this much backlog is closed; it resumes from its Last-Event-ID. */
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;
const LAST_EVENT_ID = /^\d{1,15}$/;

/** The id a reconnecting client sent (header, or the query parameter for clients that cannot set one). */
export function resumeFrom(header: string | null, query: string | undefined): number | undefined {
  const value = header ?? query;
  if (value === undefined || value === null) return undefined;
  if (!LAST_EVENT_ID.test(value)) {
    throw new AppError('bad_request', 'Last-Event-ID must be the id of an event this stream sent (digits only)', [{ path: 'Last-Event-ID', message: 'not an event id' }]);
  }
  return Number(value);
}

/**
 * GET /api/events: an SSE response fed by the process's hub. The subscription (and its replay) is
 * made before the response is answered, so a database that is down is an error answer, not a
 * stream that never says anything.
 */
export async function eventStreamResponse(filter: EventFilter, after: number | undefined, signal?: AbortSignal): Promise<Response> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  let unsubscribe: (() => void) | undefined;
  const stop = () => {
    open = false;
    unsubscribe?.();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        // `retry`: how long a browser waits before reconnecting.
        c.enqueue(sseComment('connected'));
        c.enqueue(new TextEncoder().encode('retry: 3000\n\n'));
      },
      cancel: stop,
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
  const subscriber = {
    filter,
    write(frame: Uint8Array): boolean {
      if (!open) return false;
      if ((controller.desiredSize ?? 0) < -MAX_BACKLOG_BYTES) return false;
      controller.enqueue(frame);
      return true;
    },
    close() {
      if (!open) return;
      stop();
      try {
        controller.close();
      } catch {
        // Already closed by the client.
      }
    },
  };
  signal?.addEventListener('abort', stop, { once: true });
  unsubscribe = await eventHub.subscribe(subscriber, after);
  if (!open) unsubscribe();
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      // no-transform: no proxy (or Next's compression) may buffer the stream to gzip it.
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    },
  });
}
