import { type ApiRoute, loadRouteTable } from '@/lib/api/route-table';

export { HTTP_METHODS } from '@/lib/api/route-table';
export type RouteModule = ApiRoute;

/** Every route handler under app/api, found on disk (as the web process finds them), so a new route cannot be left out of a test. */
export const loadApiRoutes = (root = process.cwd()): Promise<RouteModule[]> => loadRouteTable(root);

/** Fills `{param}` placeholders with values that pass validation where possible. */
export function sampleParams(apiPath: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [, name] of apiPath.matchAll(/\{(\w+)\}/g)) {
    out[name] = name === 'path' ? ['some', 'where'] : name === 'provider' ? 'luma' : '00000000-0000-4000-8000-000000000000';
  }
  return out;
}
