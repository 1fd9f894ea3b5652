import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/api/route';

process.env.LOG_LEVEL = 'silent';

const echo = route(
  {
    auth: 'public',
    body: z.object({ name: z.string().min(1), mood: z.number().min(0).max(100) }),
    query: z.object({ verbose: z.enum(['true', 'false']).optional() }),
    params: z.object({ id: z.uuid() }),
    response: z.object({ id: z.string(), name: z.string() }),
    status: 201,
  },
  async ({ body, params }) => ({ id: params.id, name: body.name, secretPath: '/var/data/x' }),
);

const ID = '5b8d3f56-2f2f-4c71-9a66-0a1c46a5f0a1';
const call = (init: RequestInit & { url?: string } = {}, id = ID) =>
  echo(new Request(init.url ?? 'http://test/api/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, ...init }), {
    params: Promise.resolve({ id }),
  });

describe('route wrapper', () => {
  it('validates, calls the handler and strips fields the response schema does not know', async () => {
    const res = await call({ body: JSON.stringify({ name: 'x', mood: 40 }) });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: ID, name: 'x' });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers bad JSON with 400', async () => {
    const res = await call({ body: '{"name": ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'The request body is not valid JSON' } });
  });

  it('answers an empty body with 400 and a wrong content type with 415', async () => {
    expect((await call({ body: '' })).status).toBe(400);
    expect((await call({ body: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
  });

  it('answers invalid fields with 422, a readable message and the field paths', async () => {
    const res = await call({ body: JSON.stringify({ name: '', mood: 140 }) });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('unprocessable_entity');
    expect(error.message).toMatch(/^Invalid body — name: .+ \(and 1 more\)$/);
    expect(error.details.map((d: { path: string }) => d.path)).toEqual(['name', 'mood']);
  });

  it('validates path and query parameters', async () => {
    expect((await call({ body: JSON.stringify({ name: 'x', mood: 1 }) }, 'not-a-uuid')).status).toBe(422);
    const res = await call({ url: 'http://test/api/echo?verbose=maybe', body: JSON.stringify({ name: 'x', mood: 1 }) });
    expect(res.status).toBe(422);
    expect((await res.json()).error.details[0].path).toBe('verbose');
  });

  it('maps AppError to its status and hides unknown errors', async () => {
    const conflict = route({ auth: 'public' }, async () => {
      throw new AppError('conflict', 'already running', { status: 'processing' });
    });
    const res = await conflict(new Request('http://test/x'));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'conflict', message: 'already running', details: { status: 'processing' } } });

    const broken = route({ auth: 'public' }, async () => {
      throw new Error('connect ECONNREFUSED /var/run/secret.sock password=hunter2');
    });
    const res500 = await broken(new Request('http://test/x', { headers: { 'x-request-id': 'req-12345678' } }));
    expect(res500.status).toBe(500);
    const text = await res500.text();
    expect(text).not.toMatch(/ECONNREFUSED|hunter2|secret/);
    expect(JSON.parse(text).error.code).toBe('internal_error');
    expect(res500.headers.get('x-request-id')).toBe('req-12345678');
  });
});
