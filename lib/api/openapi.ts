import { z } from 'zod';
import { CONTRACTS, type Contract } from '@/lib/api/contracts';
import { ERROR_STATUS, ErrorBodySchema } from '@/lib/api/errors';
import { setting } from '@/lib/config';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

/** A multipart upload: its text fields as the contract's schema has them, plus the required "file". */
function formSchema(form: z.ZodType): JsonSchema {
  const json = schemaOf(form, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return {
    ...json,
    properties: { file: { type: 'string', contentMediaType: 'application/octet-stream', description: 'The media file; its type is sniffed from the bytes' }, ...json.properties },
    required: ['file', ...(json.required ?? [])],
  };
}

const ERROR_RESPONSE = { $ref: '#/components/responses/Error' };

function errorStatuses(c: Contract): number[] {
  const codes = new Set<number>([ERROR_STATUS.internal_error]);
  if (c.auth !== 'public' && c.auth !== 'optional') for (const s of [401, 403]) codes.add(s);
  if (c.auth === 'signed') codes.add(403);
  if (c.rateLimit !== 'none' && c.auth !== 'public') codes.add(429);
  if (c.body) for (const s of [400, 415, 422]) codes.add(s);
  if (c.form) for (const s of [400, 413, 415, 422]) codes.add(s);
  if (c.query || c.params) codes.add(422);
  if (c.params) codes.add(404);
  return [...codes].sort();
}

function operation(c: Contract, method: string, path: string) {
  const security =
    c.auth === 'public' ? [] : c.auth === 'optional' ? [{}, { bearerAuth: [] }, { sessionCookie: [] }] : c.auth === 'signed' ? [{ signedUrl: [] }, { bearerAuth: [] }, { sessionCookie: [] }] : [{ bearerAuth: [] }, { sessionCookie: [] }];
  const responses: Record<string, unknown> = {
    [String(c.status ?? 200)]: {
      description: 'Success',
      ...(c.response ? { content: { 'application/json': { schema: schemaOf(c.response, 'output') } } } : {}),
    },
  };
  for (const status of errorStatuses(c)) responses[String(status)] = ERROR_RESPONSE;
  return {
    summary: c.summary,
    tags: c.tags,
    operationId: `${method.toLowerCase()}${path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}`,
    security,
    parameters: [
      ...parameters(c.params, 'path'),
      ...parameters(c.query, 'query'),
      ...(c.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'Repeat-safe creation: the same key and body within 24 h return the first response' }] : []),
    ],
    ...(c.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(c.body, 'input') } } } } : {}),
    ...(c.form ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: formSchema(c.form) } } } } : {}),
    responses,
  };
}

export function buildOpenApiDocument(contracts: Contract[] = CONTRACTS) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const c of contracts) {
    if (!c.method || !c.path) throw new Error('every contract needs a method and a path');
    paths[c.path] ??= {};
    paths[c.path][c.method.toLowerCase()] = operation(c, c.method, c.path);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cinemood API',
      version: '1',
      description: 'Plan shots from a mood, run video and audio generation as durable jobs, and fetch the media they produce.',
    },
    servers: [{ url: setting('PUBLIC_BASE_URL') ?? '/' }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key (cm_…) created in Settings or with `npm run apikey -- create <name>`' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'cinemood_session', description: 'The browser session after logging in' },
        signedUrl: { type: 'apiKey', in: 'query', name: 'sig', description: 'Media URLs returned by the API carry exp and sig; they work without a header until they expire' },
      },
      responses: {
        Error: { description: 'An error', content: { 'application/json': { schema: schemaOf(ErrorBodySchema, 'output') } } },
      },
    },
  };
}
