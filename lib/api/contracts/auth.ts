import { z } from 'zod';
import { ApiKeySchema } from '@/lib/auth/api-keys';
import type { RouteOptions } from '@/lib/api/route';
import { UuidSchema } from '@/lib/api/uuid';

type Contract = RouteOptions<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;

export const login = {
  method: 'POST',
  path: '/api/auth/login',
  summary: 'Log in with the admin password; sets the session cookie',
  tags: ['auth'],
  auth: 'public',
  rateLimit: 'none',
  body: z.object({ password: z.string().min(1, 'password is required').max(500) }),
  response: z.object({ authenticated: z.literal(true), expires_at: z.string() }),
} satisfies Contract;

export const logout = {
  method: 'POST',
  path: '/api/auth/logout',
  summary: 'End the current browser session',
  tags: ['auth'],
  response: z.object({ authenticated: z.literal(false) }),
} satisfies Contract;

export const getSession = {
  method: 'GET',
  path: '/api/auth/session',
  summary: 'Who is calling: a session, an API key, or nobody',
  tags: ['auth'],
  auth: 'optional',
  rateLimit: 'none',
  response: z.object({ authenticated: z.boolean(), kind: z.enum(['session', 'api_key', 'anonymous', 'signed_url']) }),
} satisfies Contract;

export const listKeys = {
  method: 'GET',
  path: '/api/keys',
  summary: 'List API keys (never the keys themselves)',
  tags: ['auth'],
  response: z.object({ keys: z.array(ApiKeySchema) }),
} satisfies Contract;

export const createKey = {
  method: 'POST',
  path: '/api/keys',
  summary: 'Create an API key; the key is shown in this response only',
  tags: ['auth'],
  status: 201,
  body: z.object({
    name: z.string().trim().min(1, 'name is required').max(100),
    expires_in_days: z.number().int().min(1).max(3650).optional(),
  }),
  response: z.object({ key: z.string().describe('The secret key; store it now, it is not shown again'), api_key: ApiKeySchema }),
} satisfies Contract;

export const revokeKey = {
  method: 'DELETE',
  path: '/api/keys/{id}',
  summary: 'Revoke an API key; requests with it get 403 from now on',
  tags: ['auth'],
  params: z.object({ id: UuidSchema }),
  response: z.object({ api_key: ApiKeySchema }),
} satisfies Contract;
