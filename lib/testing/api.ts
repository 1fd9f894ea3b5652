import { createApiKey } from '@/lib/auth/api-keys';
import { matchRoute, type RouteParams } from '@/lib/api/route-table';
import { loadApiRoutes, type RouteModule } from '@/lib/testing/routes';

/**
 * Calls the real route handlers the way an integration would: with an API key, JSON bodies and
 * path parameters taken from the URL.
 */
export async function apiClient() {
  const { key } = await createApiKey('integration tests');
  const routes = await loadApiRoutes();
  const match = (pathname: string): { route: RouteModule; params: RouteParams } => {
    const found = matchRoute(routes, pathname);
    if (!found || found.route.catchAll) throw new Error(`no route for ${pathname}`);
    return found;
  };
  async function request(method: string, url: string, init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}) {
    const { route, params } = match(new URL(url, 'http://test').pathname);
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, ...init.headers };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const handler = route.handlers[method];
    if (!handler) throw new Error(`${method} not exported for ${route.path}`);
    return handler(new Request(new URL(url, 'http://test'), { method, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body }), {
      params: Promise.resolve(params),
    });
  }
  return { key, request };
}
