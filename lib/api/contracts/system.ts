import { z } from 'zod';
import { HealthSchema } from '@/lib/health';
import type { RouteOptions } from '@/lib/api/route';

export const getHealth = {
  method: 'GET',
  path: '/api/health',
  summary: 'Health of the database, queues, ffmpeg, storage and providers (only `status` without credentials)',
  tags: ['system'],
  auth: 'optional',
  rateLimit: 'none',
  response: z.union([HealthSchema, HealthSchema.pick({ status: true })]),
} satisfies RouteOptions<undefined, undefined, undefined, z.ZodType>;

export const getOpenApi = {
  method: 'GET',
  path: '/api/openapi.json',
  summary: 'This API as an OpenAPI 3.1 document',
  tags: ['system'],
  response: z.record(z.string(), z.unknown()),
} satisfies RouteOptions<undefined, undefined, undefined, z.ZodType>;
