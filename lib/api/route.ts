import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '@/lib/api/errors';
import { log } from '@/lib/log';

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteContext<B, Q, P> {
  request: Request;
  body: B;
  query: Q;
  params: P;
  requestId: string;
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
  query?: Q;
  params?: P;
  /** Responses are parsed through this schema, so no internal field can leak. */
  response?: R;
  /** Status of a successful JSON answer. */
  status?: number;
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

function validate<S extends Schema>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('unprocessable_entity', `Invalid ${where} — ${zodMessage(result.error, where)}`, zodDetails(result.error));
  return result.data;
}

async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', `Expected an application/json body, got ${type.split(';')[0]}`);
  }
  const text = await request.text();
  if (text.trim() === '') throw new AppError('bad_request', 'The request body is empty; expected a JSON object');
  try {
    return JSON.parse(text);
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

export function errorResponse(error: AppError, requestId: string): Response {
  return Response.json(error.toBody(), { status: error.status, headers: { 'x-request-id': requestId, ...error.headers } });
}

/** The one wrapper every route handler goes through: parse, validate, call, answer, log. */
export function route<
  B extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
  R extends Schema | undefined = undefined,
>(options: RouteOptions<B, Q, P, R>, handler: Handler<Infer<B>, Infer<Q>, Infer<P>, R extends Schema ? z.input<R> : unknown>) {
  return async (request: Request, next?: NextContext): Promise<Response> => {
    const started = performance.now();
    const incoming = request.headers.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const url = new URL(request.url);
    let response: Response;
    try {
      const params = options.params ? validate(options.params, (await next?.params) ?? {}, 'path') : undefined;
      const query = options.query ? validate(options.query, queryObject(url), 'query') : undefined;
      const body = options.body ? validate(options.body, await readJson(request), 'body') : undefined;
      const result = await handler({ request, body, query, params, requestId } as RouteContext<Infer<B>, Infer<Q>, Infer<P>>);
      if (result instanceof Response) {
        response = result;
      } else {
        const payload = options.response ? options.response.parse(result) : result;
        response = Response.json(payload, { status: options.status ?? 200 });
      }
      response.headers.set('x-request-id', requestId);
    } catch (err) {
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
}
