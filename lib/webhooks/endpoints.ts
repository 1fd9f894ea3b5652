import { desc, eq, sql } from 'drizzle-orm';
import { decodeCursor, keysetPage, olderThan } from '@/lib/db/cursor';
import { getDb } from '@/lib/db/client';
import { webhookEndpoints } from '@/lib/db/schema';
import { notFound } from '@/lib/errors';
import { newSecret, ROTATION_OVERLAP_MS } from './signature';
import { checkWebhookUrl } from './url';

type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** An endpoint as the API shows it: never its secrets. */
export function endpointView(row: EndpointRow, now = new Date()) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    disabled_reason: row.disabledReason,
    previous_secret_expires_at: row.previousSecret && row.previousSecretUntil && row.previousSecretUntil > now ? row.previousSecretUntil.toISOString() : null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
export type EndpointView = ReturnType<typeof endpointView>;

export async function createEndpoint(input: { url: string; events?: string[]; description?: string }): Promise<{ endpoint: EndpointView; secret: string }> {
  const url = await checkWebhookUrl(input.url, 'url');
  const secret = newSecret();
  const [row] = await getDb().insert(webhookEndpoints).values({ url, events: input.events ?? [], description: input.description ?? '', secret }).returning();
  return { endpoint: endpointView(row), secret };
}

export async function listEndpoints(q: { limit: number; cursor?: string }): Promise<{ endpoints: EndpointView[]; next_cursor: string | null }> {
  const after = decodeCursor(q.cursor);
  const rows = await getDb()
    .select()
    .from(webhookEndpoints)
    .where(after ? olderThan(webhookEndpoints, after.createdAt, after.id) : undefined)
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(q.limit + 1);
  const { page, nextCursor } = keysetPage(rows, q.limit);
  return { endpoints: page.map((r) => endpointView(r)), next_cursor: nextCursor };
}

export async function findEndpoint(id: string): Promise<EndpointRow> {
  const [row] = await getDb().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  if (!row) throw notFound('webhook endpoint');
  return row;
}

export async function updateEndpoint(id: string, patch: { url?: string; events?: string[]; description?: string; enabled?: boolean }): Promise<EndpointView> {
  const url = patch.url === undefined ? undefined : await checkWebhookUrl(patch.url, 'url');
  const set: Partial<typeof webhookEndpoints.$inferInsert> = { updatedAt: new Date() };
  if (url !== undefined) set.url = url;
  if (patch.events !== undefined) set.events = patch.events;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.enabled === true) Object.assign(set, { enabled: true, disabledReason: null });
  // Disabling an already disabled endpoint keeps the first reason (e.g. the receiver's 410).
  if (patch.enabled === false) Object.assign(set, { enabled: false, disabledReason: sql`coalesce(${webhookEndpoints.disabledReason}, ${`disabled by request at ${new Date().toISOString()}`})` });
  const [row] = await getDb().update(webhookEndpoints).set(set).where(eq(webhookEndpoints.id, id)).returning();
  if (!row) throw notFound('webhook endpoint');
  return endpointView(row);
}

export async function deleteEndpoint(id: string): Promise<void> {
  // Its delivery log goes with it (on delete cascade); a delivery in flight finds no row to update.
  const deleted = await getDb().delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id });
  if (deleted.length === 0) throw notFound('webhook endpoint');
}

/** A new secret; the one it replaces keeps signing (a second signature) for 24 h. */
export async function rotateEndpointSecret(id: string): Promise<{ endpoint: EndpointView; secret: string }> {
  const secret = newSecret();
  const [row] = await getDb()
    .update(webhookEndpoints)
    .set({ secret, previousSecret: sql`${webhookEndpoints.secret}`, previousSecretUntil: new Date(Date.now() + ROTATION_OVERLAP_MS), updatedAt: new Date() })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  if (!row) throw notFound('webhook endpoint');
  return { endpoint: endpointView(row), secret };
}
