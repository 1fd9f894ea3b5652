import { desc, eq, isNull, and } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, notFound } from '@/lib/errors';
import { isUuid } from '@/lib/api/uuid';
import { randomToken, safeEqual, sha256 } from '@/lib/auth/crypto';
import { setting } from '@/lib/config';
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
  // This process stops accepting it at once; others within API_KEY_CACHE_SECONDS.
  forgetCachedKeys();
  if (row) return toApiKeyView(row);
  const [existing] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, id));
  if (!existing) throw notFound('API key');
  return toApiKeyView(existing);
}

/**
 * Key lookups are kept for API_KEY_CACHE_SECONDS (default 2, at most 5; 0 turns it off), by the
 * key's hash: a request does not read api_keys each time. So a key revoked (or expiring, which is
 * checked against the clock on every request) elsewhere stops working here within that many
 * seconds; revoking in this process takes effect at once. Unknown keys are not cached, so a new
 * key works immediately. Concurrent requests with the same key share one lookup.
 */
interface CachedKey {
  row: Promise<Row | undefined>;
  until: number;
}
const keyCache = new Map<string, CachedKey>();

export function forgetCachedKeys(): void {
  keyCache.clear();
}

function lookUp(hash: string): Promise<Row | undefined> {
  const ttlMs = setting('API_KEY_CACHE_SECONDS') * 1000;
  const now = Date.now();
  const cached = keyCache.get(hash);
  if (cached && cached.until > now) return cached.row;
  const row = getDb()
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.hash, hash))
    .then(([found]) => found);
  if (ttlMs > 0) {
    if (keyCache.size > 1000) for (const [k, v] of keyCache) if (v.until <= now) keyCache.delete(k);
    const entry = { row, until: now + ttlMs };
    keyCache.set(hash, entry);
    // Neither a failed lookup nor an unknown key is remembered.
    row.then(
      (found) => {
        if (!found && keyCache.get(hash) === entry) keyCache.delete(hash);
      },
      () => {
        if (keyCache.get(hash) === entry) keyCache.delete(hash);
      },
    );
  }
  return row;
}

/** Resolves a bearer token to its key: 401 when unknown, 403 when revoked or expired. */
export async function authenticateApiKey(token: string): Promise<Row> {
  if (!token.startsWith(KEY_PREFIX) || token.length > 200) throw new AppError('unauthorized', 'Invalid API key');
  const hash = sha256(token);
  const row = await lookUp(hash);
  if (!row || !safeEqual(row.hash, hash)) throw new AppError('unauthorized', 'Invalid API key');
  if (row.revokedAt) throw new AppError('forbidden', 'This API key has been revoked');
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) throw new AppError('forbidden', 'This API key has expired');
  // last_used_at is for humans; a minute of precision saves a write per request. The cached row
  // is marked first, so concurrent requests leave the write to one of them.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    row.lastUsedAt = new Date();
    await getDb().update(apiKeys).set({ lastUsedAt: row.lastUsedAt }).where(eq(apiKeys.id, row.id));
  }
  return row;
}
