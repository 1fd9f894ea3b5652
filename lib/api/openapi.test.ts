import { describe, expect, it } from 'vitest';
import { CONTRACTS } from '@/lib/api/contracts';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { loadApiRoutes } from '@/lib/testing/routes';

/** The document is plain JSON; the assertions walk it key by key. */
interface Json {
  [key: string]: Json;
}

describe('OpenAPI document', () => {
  it('documents every route handler under app/api, with its real method and path', async () => {
    const routes = await loadApiRoutes();
    expect(routes.length).toBeGreaterThan(5);
    const missing: string[] = [];
    for (const route of routes.filter((r) => !r.catchAll)) {
      for (const [method, handler] of Object.entries(route.handlers)) {
        // HEAD served by the GET handler is documented with GET.
        if (method === 'HEAD' && handler === route.handlers.GET) continue;
        const endpoint = handler.endpoint;
        if (!endpoint || !CONTRACTS.includes(endpoint as never) || endpoint.method !== method || endpoint.path !== route.path) {
          missing.push(`${method} ${route.path} (${route.file})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('is OpenAPI 3.1 with request, response and error schemas and the auth schemes', () => {
    const doc = buildOpenApiDocument();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearerAuth', 'sessionCookie', 'signedUrl']);
    const createKey = doc.paths['/api/keys'].post as Json;
    expect(createKey.requestBody.content['application/json'].schema.required).toEqual(['name']);
    expect(createKey.responses['201'].content['application/json'].schema.properties.key.type).toBe('string');
    expect(createKey.responses['401']).toEqual({ $ref: '#/components/responses/Error' });
    expect(createKey.responses['422']).toBeDefined();
    const revoke = doc.paths['/api/keys/{id}'].delete as Json;
    expect(revoke.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    const login = doc.paths['/api/auth/login'].post as Json;
    expect(login.security).toEqual([]);
    const errorSchema = doc.components.responses.Error.content['application/json'].schema as Json;
    expect(errorSchema.properties.error.required).toEqual(['code', 'message']);
  });

  it('documents the upload form: a required file, an optional title and the tags field', () => {
    const upload = buildOpenApiDocument().paths['/api/media/assets'].post as Json;
    const schema = upload.requestBody.content['multipart/form-data'].schema;
    expect(schema.required).toEqual(['file']);
    expect(Object.keys(schema.properties).sort()).toEqual(['file', 'tags', 'title']);
    expect(schema.properties.tags.anyOf).toEqual([{ type: 'string' }, { type: 'array', items: { type: 'string' } }]);
    expect(upload.responses['413']).toEqual({ $ref: '#/components/responses/Error' });
  });

  it('gives every operation a unique operationId', () => {
    const doc = buildOpenApiDocument();
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => (op as { operationId: string }).operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(CONTRACTS.length);
  });
});
