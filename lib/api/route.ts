import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '@/lib/errors';
import { errorBody, errorStatus } from '@/lib/api/errors';
import { authenticate, principalKey, type AuthMode, type Principal } from '@/lib/auth/authenticate';
import { abandonIdempotent, beginIdempotent, finishIdempotent } from '@/lib/auth/idempotency';
import { takeRequestToken } from '@/lib/auth/rate-limit';
import { setting } from '@/lib/config';
import { log } from '@/lib/log';

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteContext<B, Q, P> {
  request: Request;
  body: B;
  query: Q;
  params: P;
  requestId: string;
  principal: Principal;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * An endpoint's contract: the same zod schemas validate requests, shape responses and generate
 * the OpenAPI document, so the documentation cannot drift from the code.
 */
export interface RouteOptions<B extends Schema | undefined, Q extends Schema | undefined, P extends Schema | undefined, R extends Schema | undefined> {
  method?: HttpMethod;
  /** OpenAPI-style path, e.g. `/api/video/jobs/{id}`. */
  path?: string;
  summary?: string;
  tags?: string[];
  body?: B;
  /**
   * The text fields of a multipart/form-data upload (beside its "file"), for the OpenAPI document.
   * The handler streams the upload itself and validates these fields with the same schema.
   */
  form?: Schema;
  query?: Q;
  params?: P;
  /** Responses are parsed through this schema, so no internal field can leak. */
  response?: R;
  /** Status of a successful JSON answer. */
  status?: number;
  /** Who may call it; `required` unless said otherwise. */
  auth?: AuthMode;
  /** Which per-minute budget a call spends: generation endpoints have a smaller one. */
  rateLimit?: 'default' | 'generation' | 'none';
  /** Honour an `Idempotency-Key` header: a repeat returns the first response. */
  idempotent?: boolean;
}

const LIMITS = {
  default: () => setting('RATE_LIMIT_PER_MINUTE'),
  generation: () => setting('RATE_LIMIT_GENERATION_PER_MINUTE'),
};

/** Per key or session and minute, shared by every instance; see takeRequestToken for its error bound. */
async function enforceRateLimit(principal: Principal, budget: 'default' | 'generation'): Promise<void> {
  if (principal.kind !== 'api_key' && principal.kind !== 'session') return;
  const decision = await takeRequestToken(`${principalKey(principal)}:${budget}`, LIMITS[budget]());
  if (!decision.allowed) {
    throw new AppError('rate_limited', `Rate limit of ${decision.limit} requests per minute reached; retry in ${decision.retryAfterSeconds} s`, undefined, {
      'Retry-After': String(decision.retryAfterSeconds),
      'RateLimit-Limit': String(decision.limit),
      'RateLimit-Remaining': '0',
    });
  }
}

type Handler<B, Q, P, R> = (ctx: RouteContext<B, Q, P>) => Promise<R | Response>;
type NextContext = { params?: Promise<Record<string, string | string[]>> };

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function zodDetails(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
}

export function zodMessage(error: z.ZodError, where: string): string {
  const first = error.issues[0];
  const path = first?.path.length ? first.path.join('.') : where;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${path}: ${first?.message ?? 'invalid'}${more}`;
}

/** The path of the first string holding a NUL character: PostgreSQL text cannot store one. */
function nulPath(value: unknown, at: Array<string | number> = []): Array<string | number> | null {
  if (typeof value === 'string') return value.includes('\u0000') ? at : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, [...at, i]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, item] of Object.entries(value)) {
      const found = nulPath(item, [...at, k]);
      if (found) return found;
    }
  }
  return null;
}

export function validate<S extends Schema>(schema: S, value: unknown, where: string): z.infer<S> {
  const nul = nulPath(value);
  if (nul) throw new AppError('unprocessable_entity', `Invalid ${where} — text must not contain NUL characters`, [{ path: nul.join('.'), message: 'contains a NUL character' }]);
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('unprocessable_entity', `Invalid ${where} — ${zodMessage(result.error, where)}`, zodDetails(result.error));
  return result.data;
}

export async function readJson(request: Request): Promise<{ value: unknown; raw: string }> {
  const type = request.headers.get('content-type') ?? '';
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', `Expected an application/json body, got ${type.split(';')[0]}`);
  }
  const text = await request.text();
  if (text.trim() === '') throw new AppError('bad_request', 'The request body is empty; expected a JSON object');
  try {
    return { value: JSON.parse(text), raw: text };
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON');
  }
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

const jsonTexts = new WeakMap<Response, string>();

/**
 * A JSON answer whose text is also kept beside it, so a Node server holding the Response can
 * write the text as it is (scripts/api.ts) instead of reading it back through the web body.
 */
export function jsonResponse(payload: unknown, init: { status: number; headers?: Record<string, string> }): Response {
  const text = JSON.stringify(payload);
  const response = new Response(text, { status: init.status, headers: { 'content-type': 'application/json', ...init.headers } });
  jsonTexts.set(response, text);
  return response;
}

/** The text of a jsonResponse, or undefined for any other Response. */
export const jsonTextOf = (response: Response): string | undefined => jsonTexts.get(response);

export function errorResponse(error: AppError, requestId: string): Response {
  return jsonResponse(errorBody(error), { status: errorStatus(error), headers: { 'x-request-id': requestId, ...error.headers } });
}

/** The one wrapper every route handler goes through: parse, validate, call, answer, log. */
export function route<
  B extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
  R extends Schema | undefined = undefined,
>(options: RouteOptions<B, Q, P, R>, handler: Handler<Infer<B>, Infer<Q>, Infer<P>, R extends Schema ? z.input<R> : unknown>) {
  const handle = async (request: Request, next?: NextContext): Promise<Response> => {
    const started = performance.now();
    const incoming = request.headers.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const url = new URL(request.url);
    let response: Response;
    let idempotency: { principal: string; key: string } | undefined;
    try {
      const principal = await authenticate(request, options.auth ?? 'required');
      if (options.rateLimit !== 'none') await enforceRateLimit(principal, options.rateLimit ?? 'default');
      const params = options.params ? validate(options.params, (await next?.params) ?? {}, 'path') : undefined;
      const query = options.query ? validate(options.query, queryObject(url), 'query') : undefined;
      const json = options.body ? await readJson(request) : undefined;
      const body = options.body ? validate(options.body, json?.value, 'body') : undefined;

      const idempotencyKey = options.idempotent ? request.headers.get('idempotency-key') : null;
      if (idempotencyKey && principal.kind !== 'anonymous') {
        const owner = principalKey(principal);
        const started = await beginIdempotent(owner, idempotencyKey, `${url.pathname}\n${json?.raw ?? ''}`);
        if (started.kind === 'replay') {
          response = jsonResponse(started.body, { status: started.status, headers: { 'Idempotent-Replayed': 'true', 'x-request-id': requestId } });
          log.info('request', { requestId, method: request.method, path: url.pathname, status: response.status, replayed: true });
          return response;
        }
        idempotency = { principal: owner, key: idempotencyKey };
      }

      const result = await handler({ request, body, query, params, requestId, principal } as RouteContext<Infer<B>, Infer<Q>, Infer<P>>);
      if (result instanceof Response) {
        response = result;
        if (idempotency) await abandonIdempotent(idempotency.principal, idempotency.key);
      } else {
        const payload = options.response ? options.response.parse(result) : result;
        const status = options.status ?? 200;
        if (idempotency) await finishIdempotent(idempotency.principal, idempotency.key, status, payload);
        response = jsonResponse(payload, { status });
      }
      response.headers.set('x-request-id', requestId);
    } catch (err) {
      if (idempotency) await abandonIdempotent(idempotency.principal, idempotency.key).catch(() => {});
      if (err instanceof AppError) {
        response = errorResponse(err, requestId);
      } else {
        log.error('unhandled error in route', { requestId, method: request.method, path: url.pathname, err });
        response = errorResponse(new AppError('internal_error', 'Something went wrong on our side; the request id is in x-request-id'), requestId);
      }
    }
    log.info('request', { requestId, method: request.method, path: url.pathname, status: response.status, ms: Math.round(performance.now() - started) });
    return response;
  };
  return Object.assign(handle, { endpoint: options as RouteOptions<Schema | undefined, Schema | undefined, Schema | undefined, Schema | undefined> });
}
