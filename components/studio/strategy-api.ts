import type { StrategyRequestInput, StrategyResponse } from '@/lib/strategy';

export class StrategyApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'StrategyApiError';
  }
}

function messageFrom(payload: unknown, status: number): string {
  const message = (payload as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === 'string' ? message : `The strategy service answered with status ${status}`;
}

export async function fetchStrategy(request: StrategyRequestInput, signal?: AbortSignal): Promise<StrategyResponse> {
  const response = await fetch('/api/video/strategy', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
    signal,
  });
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new StrategyApiError(response.status, messageFrom(payload, response.status));
  return payload as StrategyResponse;
}
