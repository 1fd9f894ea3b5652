import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '@/lib/testing/loopback';
import { ProviderError, providerFetch, providerRequest } from './http';

/** Each request takes the next scripted answer; once the script runs out, a good JSON answer. */
type Answer = (res: http.ServerResponse) => void;
let script: Answer[] = [];
let hits = 0;
let listening: Awaited<ReturnType<typeof listenOnLoopback>>;

const good: Answer = (res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
const status = (code: number, body = '{"error":"upstream overloaded"}', type = 'application/json'): Answer => (res) => void res.writeHead(code, { 'content-type': type }).end(body);
const html502 = status(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html');
const htmlOk = status(200, '<!DOCTYPE html><html><body>Please wait…</body></html>', 'text/html');
const truncated: Answer = (res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
  res.write('{"code":0,"data":{"task_');
  setTimeout(() => res.socket?.destroy(), 5);
};
const garbage = status(200, '\u0000\u00ff%$#garbage{{{');
const reset: Answer = (res) => void res.socket?.destroy();

beforeAll(async () => {
  const server = http.createServer((req, res) => {
    hits++;
    req.resume();
    (script.shift() ?? good)(res);
  });
  listening = await listenOnLoopback(server);
});
afterAll(() => listening.close());
beforeEach(() => {
  script = [];
  hits = 0;
});

const call = (method: 'GET' | 'POST' = 'GET', retries = 3) => providerRequest<{ ok?: boolean }>({ method, url: `${listening.origin}/x`, headers: {}, backoffMs: 1, retries, ...(method === 'POST' ? { body: { a: 1 } } : {}) });

describe('provider HTTP client: malformed answers are faults on the way, not refusals', () => {
  it.each([
    ['an HTML 200 page', htmlOk],
    ['a truncated body', truncated],
    ['a garbage body', garbage],
    ['an HTML 502', html502],
    ['a reset connection', reset],
  ])('retries a GET after %s and succeeds', async (_name, answer) => {
    script = [answer, answer];
    await expect(call()).resolves.toEqual({ ok: true });
    expect(hits).toBe(3);
  });

  it('gives up on a malformed answer with a transient error naming the tries and the body', async () => {
    script = [htmlOk, htmlOk, htmlOk, htmlOk];
    const err = (await call().catch((e) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'transient', status: 200, tries: 4 });
    expect(err.message).toMatch(/^after 4 tries: the provider answered 200 with a body that is not JSON: "<!DOCTYPE html>/);
  });

  it('never repeats a POST whose answer was malformed (the create may have happened), but calls it transient', async () => {
    script = [garbage];
    await expect(call('POST')).rejects.toMatchObject({ name: 'ProviderError', kind: 'transient', tries: 1, message: expect.stringMatching(/^the provider answered 200 with a body that is not JSON/) });
    expect(hits).toBe(1);
    script = [truncated];
    await expect(call('POST')).rejects.toMatchObject({ kind: 'transient', message: expect.stringMatching(/^the answer broke off/) });
  });

  it('says after how many tries and why a retried failure gave up', async () => {
    script = [status(503), status(503), status(503), status(503, '')];
    await expect(call()).rejects.toMatchObject({ kind: 'transient', status: 503, tries: 4, message: 'after 4 tries: the provider answered 503' });
    script = [status(503), status(503), status(503), status(503)];
    await expect(call()).rejects.toMatchObject({ message: 'after 4 tries: the provider answered 503: upstream overloaded' });
    script = [reset, reset, reset, reset];
    await expect(call()).rejects.toMatchObject({ kind: 'transient', tries: 4, message: expect.stringMatching(/^after 4 tries: the provider could not be reached: /) });
  });

  it('keeps a genuine refusal permanent, in the provider\'s own words, after one try', async () => {
    script = [status(400, '{"error":"promptText is too long"}')];
    await expect(call()).rejects.toMatchObject({ kind: 'permanent', status: 400, tries: 1, message: 'promptText is too long' });
    expect(hits).toBe(1);
  });

  it('reads an empty 2xx as null and leaves providerFetch bodies to the caller', async () => {
    script = [(res) => void res.writeHead(204).end()];
    await expect(call()).resolves.toBeNull();
    script = [htmlOk];
    const res = await providerFetch({ method: 'GET', url: `${listening.origin}/x`, headers: {}, backoffMs: 1 });
    expect(await res.text()).toContain('<html>');
  });
});
