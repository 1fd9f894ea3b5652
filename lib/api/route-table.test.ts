import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiRoute, loadRouteTable, matchRoute } from '@/lib/api/route-table';

describe('the route table', () => {
  let app: ApiRoute[];
  let made: ApiRoute[];
  let dir: string;

  beforeAll(async () => {
    app = await loadRouteTable(process.cwd());
    // Siblings Next must tell apart by specificity: a static folder, a [param] and a catch-all.
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-routes-'));
    for (const [folder, body] of [
      ['app/api/[...rest]', 'rest'],
      ['app/api/things/[id]', 'one'],
      ['app/api/things/new', 'new'],
      ['app/api/(grouped)/plain', 'plain'],
    ]) {
      await fs.mkdir(path.join(dir, folder), { recursive: true });
      await fs.writeFile(path.join(dir, folder, 'route.ts'), `export const GET = async () => new Response('${body}');\n`);
    }
    made = await loadRouteTable(dir);
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const body = async (routes: ApiRoute[], pathname: string) => {
    const found = matchRoute(routes, pathname);
    return found ? { text: await (await found.route.handlers.GET(new Request('http://x'), { params: Promise.resolve(found.params) })).text(), params: found.params } : undefined;
  };

  it('tries static segments before [param] before [...rest], and leaves (groups) out of the path', async () => {
    expect(await body(made, '/api/things/new')).toEqual({ text: 'new', params: {} });
    expect(await body(made, '/api/things/7')).toEqual({ text: 'one', params: { id: '7' } });
    expect(await body(made, '/api/things/7/more')).toEqual({ text: 'rest', params: { rest: ['things', '7', 'more'] } });
    expect(await body(made, '/api/plain')).toEqual({ text: 'plain', params: {} });
    const order = made.map((r) => r.path);
    expect(order.sort()).toEqual(['/api/plain', '/api/things/new', '/api/things/{id}', '/api/{rest}']);
    expect(made.at(-1)?.path).toBe('/api/{rest}');
    expect(made.findIndex((r) => r.path === '/api/things/new')).toBeLessThan(made.findIndex((r) => r.path === '/api/things/{id}'));
    expect(matchRoute(made, '/elsewhere')).toBeUndefined();
  });

  it("matches the app's own paths with decoded parameters", () => {
    const at = (pathname: string) => {
      const found = matchRoute(app, pathname);
      return found && { file: found.route.file, params: found.params };
    };
    expect(at('/api/video/jobs/a%20b')).toEqual({ file: 'app/api/video/jobs/[id]/route.ts', params: { id: 'a b' } });
    expect(at('/api/video/jobs/x/cancel')?.file).toBe('app/api/video/jobs/[id]/cancel/route.ts');
    expect(at('/api/video/strategy/catalog')?.file).toBe('app/api/video/strategy/catalog/route.ts');
    expect(at('/api/audio/jobs/x/transcript.vtt')?.file).toBe('app/api/audio/jobs/[id]/transcript.vtt/route.ts');
    expect(at('/api/no/such/thing')).toEqual({ file: 'app/api/[...path]/route.ts', params: { path: ['no', 'such', 'thing'] } });
    expect(() => matchRoute(app, '/api/video/jobs/%E0%A4%A')).toThrow(URIError);
  });
});
