import { z } from 'zod';
import { type AppError, ERROR_CODES, type ErrorCode } from '@/lib/errors';

/** The HTTP status of every error code a client can see. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable_entity: 422,
  rate_limited: 429,
  internal_error: 500,
  bad_gateway: 502,
  service_unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

export const ErrorCodeSchema = z.enum(ERROR_CODES);

export const ErrorBodySchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const errorStatus = (error: AppError): number => ERROR_STATUS[error.code];

export const errorBody = (error: AppError): ErrorBody => ({
  error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
});
