/**
 * The one error type of Cinemood: thrown anywhere (routes, lifecycle, workers), with a code that
 * says what went wrong, not how HTTP spells it. lib/api/errors.ts maps codes to statuses and
 * bodies for the route wrapper; worker code only reads `code` and `message`.
 */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'unprocessable_entity',
  'rate_limited',
  'internal_error',
  'bad_gateway',
  'service_unavailable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
