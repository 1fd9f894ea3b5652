/** Calls to provider APIs: timeouts, retries on 429/5xx honouring Retry-After, errors classified. */

export class ProviderError extends Error {
  constructor(
    message: string,
    /** transient: retry later; permanent: the request itself is wrong or refused (validation, policy, auth, billing). */
    readonly kind: 'transient' | 'permanent',
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface ProviderRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** JSON-serialised, unless it is FormData (multipart, e.g. Stability). */
  body?: unknown;
  timeoutMs?: number;
  retries?: number;
  /** Base of the exponential backoff; tests shorten it. */
  backoffMs?: number;
  /**
   * A provider's own reading of an error answer, e.g. Kling's 429 that means "out of credit"
   * (permanent) rather than "too many at once" (transient). Undefined falls back to the HTTP status.
   */
  classify?: (status: number, body: unknown) => 'transient' | 'permanent' | undefined;
}

const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504]);

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function describe(body: unknown, status: number): { message: string; code?: string } {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const code = typeof b.code === 'number' || typeof b.code === 'string' ? String(b.code) : undefined;
    const text = b.error ?? b.message ?? b.detail ?? b.errors;
    if (typeof text === 'string') return { message: text, code };
    if (text) return { message: JSON.stringify(text).slice(0, 300), code };
  }
  if (typeof body === 'string' && body.trim()) return { message: body.trim().slice(0, 300) };
  return { message: `the provider answered ${status}` };
}

const parseBody = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
};

const refused = (err: unknown) => (err as { cause?: { code?: string } })?.cause?.code === 'ECONNREFUSED';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The retrying fetch: resolves with the successful Response, body unread, for callers that stream or read bytes. */
export async function providerFetch(req: ProviderRequest): Promise<Response> {
  const retries = req.retries ?? 3;
  const backoff = req.backoffMs ?? 1000;
  const jitteredBackoff = (attempt: number) => backoff * 2 ** attempt * (1 + Math.random() * 0.5);
  // A create that failed midway may still have been accepted (and billed): POSTs are repeated only
  // when the provider cannot have started them, a 429 or a refused connection.
  const repeatable = req.method !== 'POST';
  const multipart = typeof FormData !== 'undefined' && req.body instanceof FormData;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      // Header names are case-insensitive: the adapter's own Accept replaces the default rather than joining it.
      const headers = new Headers({ accept: 'application/json', ...(req.body === undefined || multipart ? {} : { 'content-type': 'application/json' }) });
      for (const [name, value] of Object.entries(req.headers)) headers.set(name, value);
      res = await fetch(req.url, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : multipart ? (req.body as FormData) : JSON.stringify(req.body),
        signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
      });
    } catch (err) {
      if (attempt < retries && (repeatable || refused(err))) {
        await sleep(jitteredBackoff(attempt));
        continue;
      }
      throw new ProviderError(`the provider could not be reached: ${(err as Error).message}`, 'transient');
    }
    if (res.ok) return res;
    const body = parseBody(await res.text());
    const kind = req.classify?.(res.status, body) ?? (RETRYABLE.has(res.status) ? 'transient' : 'permanent');
    if (kind === 'transient' && attempt < retries && (repeatable || res.status === 429)) {
      const wait = retryAfterMs(res.headers.get('retry-after')) ?? jitteredBackoff(attempt);
      await sleep(Math.min(wait, 60_000));
      continue;
    }
    const { message, code } = describe(body, res.status);
    throw new ProviderError(message, kind, res.status, code);
  }
}

export async function providerRequest<T>(req: ProviderRequest): Promise<T> {
  const res = await providerFetch(req);
  return parseBody(await res.text()) as T;
}
