import fs from 'node:fs';
import path from 'node:path';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface RouteModule {
  file: string;
  /** OpenAPI-style path derived from the folder: `app/api/keys/[id]` → `/api/keys/{id}`. */
  path: string;
  catchAll: boolean;
  handlers: Record<string, ((req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>) & { endpoint?: { method?: string; path?: string } }>;
}

function findRouteFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findRouteFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

/** Every route handler under app/api, found on disk, so a new route cannot be left out of a test. */
export async function loadApiRoutes(root = process.cwd()): Promise<RouteModule[]> {
  const apiDir = path.join(root, 'app', 'api');
  const modules: RouteModule[] = [];
  for (const file of findRouteFiles(apiDir).sort()) {
    const rel = path.relative(path.join(root, 'app'), path.dirname(file)).split(path.sep);
    const segments = rel.filter((s) => !/^\(.*\)$/.test(s));
    const apiPath = `/${segments.map((s) => s.replace(/^\[\.\.\.(\w+)\]$/, '{$1}').replace(/^\[(\w+)\]$/, '{$1}')).join('/')}`;
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    const handlers = Object.fromEntries(HTTP_METHODS.filter((m) => typeof mod[m] === 'function').map((m) => [m, mod[m]])) as RouteModule['handlers'];
    modules.push({ file: path.relative(root, file), path: apiPath, catchAll: rel.some((s) => s.startsWith('[...')), handlers });
  }
  return modules;
}

/** Fills `{param}` placeholders with values that pass validation where possible. */
export function sampleParams(apiPath: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [, name] of apiPath.matchAll(/\{(\w+)\}/g)) {
    out[name] = name === 'path' ? ['some', 'where'] : name === 'provider' ? 'luma' : '00000000-0000-4000-8000-000000000000';
  }
  return out;
}
