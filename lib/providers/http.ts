/**
 * Calls to provider APIs: timeouts, retries on 429/5xx honouring Retry-After, errors classified.
 * An answer that breaks off or whose body is not the JSON asked for (an HTML error page, a
 * truncated or garbled body) is a fault on the way, like a 5xx: transient, never a refusal.
 */

export class ProviderError extends Error {
  constructor(
    message: string,
    /** transient: retry later; permanent: the request itself is wrong or refused (validation, policy, auth, billing). */
    readonly kind: 'transient' | 'permanent',
    readonly status?: number,
    readonly code?: string,
    /** How many requests were sent before giving up (1 when the first answer was final). */
    readonly tries = 1,
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

/** The reason a try failed, in words for a job's error: the status and the provider's own words. */
function failureReason(body: unknown, status: number): { message: string; code?: string } {
  const { message, code } = describe(body, status);
  const answered = `the provider answered ${status}`;
  return { message: message === answered ? answered : `${answered}: ${message}`, code };
}

/** Up to 80 characters of a body that is not what was asked for, on one line, to say what came instead. */
const snippet = (text: string) => JSON.stringify(text.replace(/\s+/g, ' ').trim().slice(0, 80));

/** An answer that was not usable, e.g. not JSON: thrown by a reader, retried like a 5xx. */
class MalformedAnswer extends Error {}

const parseBody = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
};

const refused = (err: unknown) => (err as { cause?: { code?: string } })?.cause?.code === 'ECONNREFUSED';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const retriesOf = (tries: number) => (tries > 1 ? `after ${tries} tries: ` : '');

/**
 * The retry loop. `read` turns a 2xx answer into the result; when it throws (the body broke off or
 * is not what was asked for), the try counts as failed like a 5xx.
 */
async function send<T>(req: ProviderRequest, read: (res: Response) => Promise<T>): Promise<T> {
  const retries = req.retries ?? 3;
  const backoff = req.backoffMs ?? 1000;
  const jitteredBackoff = (attempt: number) => backoff * 2 ** attempt * (1 + Math.random() * 0.5);
  // A create that failed midway may still have been accepted (and billed): POSTs are repeated only
  // when the provider cannot have started them, a 429 or a refused connection. An adapter whose
  // provider can find a lost create (Kling's external_task_id) does that before submitting again.
  const repeatable = req.method !== 'POST';
  const multipart = typeof FormData !== 'undefined' && req.body instanceof FormData;
  for (let attempt = 0; ; attempt++) {
    const tries = attempt + 1;
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
      throw new ProviderError(`${retriesOf(tries)}the provider could not be reached: ${errorText(err)}`, 'transient', undefined, undefined, tries);
    }
    if (res.ok) {
      try {
        return await read(res);
      } catch (err) {
        // The provider answered and may have acted (a create): only a repeatable request is sent again.
        if (attempt < retries && repeatable) {
          await sleep(jitteredBackoff(attempt));
          continue;
        }
        const why = err instanceof MalformedAnswer ? err.message : `the answer broke off: ${errorText(err)}`;
        throw new ProviderError(`${retriesOf(tries)}${why}`, 'transient', res.status, undefined, tries);
      }
    }
    let body: unknown;
    try {
      body = parseBody(await res.text());
    } catch {
      body = null;
    }
    const kind = req.classify?.(res.status, body) ?? (RETRYABLE.has(res.status) ? 'transient' : 'permanent');
    if (kind === 'transient' && attempt < retries && (repeatable || res.status === 429)) {
      const wait = retryAfterMs(res.headers.get('retry-after')) ?? jitteredBackoff(attempt);
      await sleep(Math.min(wait, 60_000));
      continue;
    }
    if (kind === 'permanent') {
      // A refusal is the provider's own words, as it said them.
      const { message, code } = describe(body, res.status);
      throw new ProviderError(message, kind, res.status, code, tries);
    }
    const { message, code } = failureReason(body, res.status);
    throw new ProviderError(`${retriesOf(tries)}${message}`, kind, res.status, code, tries);
  }
}

/** An error's message with its cause (undici hides the socket's reason there: "fetch failed" / "other side closed"). */
function errorText(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string; code?: string } };
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause && !String(e?.message).includes(cause) ? `${e?.message} (${cause})` : String(e?.message ?? err);
}

/** The retrying fetch: resolves with the successful Response, body unread, for callers that stream or read bytes. */
export function providerFetch(req: ProviderRequest): Promise<Response> {
  return send(req, async (res) => res);
}

/**
 * The retrying JSON call. A 2xx whose body is not JSON (an HTML page from a proxy, a truncated or
 * garbled answer) or breaks off is retried like a 5xx and, when the tries run out, a transient
 * ProviderError; an empty body (204) is null.
 */
export function providerRequest<T>(req: ProviderRequest): Promise<T> {
  return send(req, async (res) => {
    const text = await res.text();
    if (!text.trim()) return null as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new MalformedAnswer(`the provider answered ${res.status} with a body that is not JSON: ${snippet(text)}`);
    }
  });
}
