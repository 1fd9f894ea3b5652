import { readdirSync } from 'node:fs';
import path from 'node:path';

// The API's route handlers as Next.js finds them: every app/api/**/route.ts, its folder names the
// path ([param] one segment, [...rest] the remainder, (group) nothing). The web process dispatches
// with it (scripts/api.ts) and the tests call handlers through it, so both match paths alike.

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export type RouteParams = Record<string, string | string[]>;
export type RouteHandler = ((request: Request, ctx: { params: Promise<RouteParams> }) => Promise<Response>) & {
  /** Set by the route() wrapper (lib/api/route.ts). */
  endpoint?: { method?: string; path?: string };
};

export interface ApiRoute {
  /** The route file, relative to the project root. */
  file: string;
  /** OpenAPI-style path derived from the folder: `app/api/keys/[id]` → `/api/keys/{id}`. */
  path: string;
  catchAll: boolean;
  /** By method; only the methods the file exports are present. */
  handlers: Record<string, RouteHandler>;
  pattern: RegExp;
  names: string[];
  /** Per segment 0 static, 1 [param], 2 [...rest]: Next tries the more specific route first. */
  rank: number[];
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return b.length - a.length;
}

/** Every route under app/api of `root`, imported, most specific first. */
export async function loadRouteTable(root: string): Promise<ApiRoute[]> {
  const appDir = path.join(root, 'app');
  const routes: ApiRoute[] = [];
  for (const file of routeFiles(path.join(appDir, 'api')).sort()) {
    const segments = path
      .relative(appDir, path.dirname(file))
      .split(path.sep)
      .filter((s) => !/^\(.*\)$/.test(s));
    const names: string[] = [];
    const rank: number[] = [];
    const source: string[] = [];
    const apiPath: string[] = [];
    for (const segment of segments) {
      const rest = /^\[\.\.\.(\w+)\]$/.exec(segment);
      const param = /^\[(\w+)\]$/.exec(segment);
      const name = rest?.[1] ?? param?.[1];
      if (name) names.push(name);
      rank.push(rest ? 2 : param ? 1 : 0);
      source.push(rest ? '/(.+)' : param ? '/([^/]+)' : `/${literal(segment)}`);
      apiPath.push(name ? `{${name}}` : segment);
    }
    const mod = (await import(/* @vite-ignore */ /* turbopackIgnore: true */ file)) as Record<string, unknown>;
    const handlers: ApiRoute['handlers'] = {};
    for (const method of HTTP_METHODS) if (typeof mod[method] === 'function') handlers[method] = mod[method] as RouteHandler;
    routes.push({
      file: path.relative(root, file),
      path: `/${apiPath.join('/')}`,
      catchAll: rank.includes(2),
      handlers,
      pattern: new RegExp(`^${source.join('')}$`),
      names,
      rank,
    });
  }
  return routes.sort((a, b) => compareRank(a.rank, b.rank));
}

/**
 * The route a request path belongs to and its decoded parameters (a catch-all's as segments), or
 * undefined. Throws URIError on a malformed %-escape.
 */
export function matchRoute(routes: ApiRoute[], pathname: string): { route: ApiRoute; params: RouteParams } | undefined {
  for (const route of routes) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    const params: RouteParams = {};
    route.names.forEach((name, i) => {
      const value = m[i + 1];
      params[name] = route.catchAll && i === route.names.length - 1 ? value.split('/').map(decodeURIComponent) : decodeURIComponent(value);
    });
    return { route, params };
  }
  return undefined;
}
