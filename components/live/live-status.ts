import { useSyncExternalStore } from 'react';

// Whether the app's one event stream is connected. While it is, lists and details are kept up to
// date by its events and do not poll; while it is down, they poll as they did before it existed.

let live = false;
const listeners = new Set<() => void>();

export function setStreamLive(value: boolean): void {
  if (live === value) return;
  live = value;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders on every change, so a query's refetchInterval is computed again when the stream goes up or down. */
export function useStreamLive(): boolean {
  return useSyncExternalStore(subscribe, () => live, () => false);
}
