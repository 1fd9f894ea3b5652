import { desc, eq, isNull, and } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, notFound } from '@/lib/errors';
import { isUuid } from '@/lib/api/uuid';
import { randomToken, safeEqual, sha256 } from '@/lib/auth/crypto';
import { getDb } from '@/lib/db/client';
import { apiKeys } from '@/lib/db/schema';

export const KEY_PREFIX = 'cm_';

export const ApiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key, to recognise it'),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof ApiKeySchema>;

type Row = typeof apiKeys.$inferSelect;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const toApiKeyView = (r: Row): ApiKeyView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  created_at: r.createdAt.toISOString(),
  last_used_at: iso(r.lastUsedAt),
  expires_at: iso(r.expiresAt),
  revoked_at: iso(r.revokedAt),
});

/** Creates a key; the returned `key` is the only time it exists outside the caller's hands. */
export async function createApiKey(name: string, expiresAt: Date | null = null): Promise<{ key: string; record: ApiKeyView }> {
  const key = `${KEY_PREFIX}${randomToken(32)}`;
  const [row] = await getDb()
    .insert(apiKeys)
    .values({ name, prefix: key.slice(0, 10), hash: sha256(key), expiresAt })
    .returning();
  return { key, record: toApiKeyView(row) };
}

export async function listApiKeys(): Promise<ApiKeyView[]> {
  const rows = await getDb().select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
  return rows.map(toApiKeyView);
}

export async function revokeApiKey(id: string): Promise<ApiKeyView> {
  // The CLI passes whatever was typed: a non-UUID would fail PostgreSQL's uuid cast instead of a 404.
  if (!isUuid(id)) throw notFound('API key');
  const [row] = await getDb()
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  if (row) return toApiKeyView(row);
  const [existing] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, id));
  if (!existing) throw notFound('API key');
  return toApiKeyView(existing);
}

/** Resolves a bearer token to its key: 401 when unknown, 403 when revoked or expired. */
export async function authenticateApiKey(token: string): Promise<Row> {
  if (!token.startsWith(KEY_PREFIX) || token.length > 200) throw new AppError('unauthorized', 'Invalid API key');
  const hash = sha256(token);
  const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.hash, hash));
  if (!row || !safeEqual(row.hash, hash)) throw new AppError('unauthorized', 'Invalid API key');
  if (row.revokedAt) throw new AppError('forbidden', 'This API key has been revoked');
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) throw new AppError('forbidden', 'This API key has expired');
  // last_used_at is for humans; a minute of precision saves a write per request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await getDb().update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
  }
  return row;
}
