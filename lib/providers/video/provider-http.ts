/** Calls to provider APIs: timeouts, retries on 429/5xx honouring Retry-After, errors classified. */

export class ProviderError extends Error {
  constructor(
    message: string,
    /** transient: retry later; permanent: the request itself is wrong or refused (validation, policy, auth). */
    readonly kind: 'transient' | 'permanent',
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface ProviderRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
  retries?: number;
  /** Base of the exponential backoff; tests shorten it. */
  backoffMs?: number;
}

const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504]);

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function describe(body: unknown, status: number): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const text = b.error ?? b.message ?? b.detail;
    if (typeof text === 'string') return text;
    if (text) return JSON.stringify(text).slice(0, 300);
  }
  return `the provider answered ${status}`;
}

export async function providerRequest<T>(req: ProviderRequest): Promise<T> {
  const retries = req.retries ?? 3;
  const backoff = req.backoffMs ?? 1000;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(req.url, {
        method: req.method,
        headers: { accept: 'application/json', ...(req.body === undefined ? {} : { 'content-type': 'application/json' }), ...req.headers },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
      });
    } catch (err) {
      if (attempt < retries) {
        await new Promise((r) => setTimeout(r, backoff * 2 ** attempt * (1 + Math.random() * 0.5)));
        continue;
      }
      throw new ProviderError(`the provider could not be reached: ${(err as Error).message}`, 'transient');
    }
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    if (res.ok) return body as T;
    if (RETRYABLE.has(res.status) && attempt < retries) {
      const wait = retryAfterMs(res.headers.get('retry-after')) ?? backoff * 2 ** attempt * (1 + Math.random() * 0.5);
      await new Promise((r) => setTimeout(r, Math.min(wait, 60_000)));
      continue;
    }
    throw new ProviderError(describe(body, res.status), RETRYABLE.has(res.status) ? 'transient' : 'permanent', res.status);
  }
}
