import { and, desc, eq, sql } from 'drizzle-orm';
import { decodeCursor, keysetPage, olderThan } from '@/lib/db/cursor';
import { getDb } from '@/lib/db/client';
import { webhookEndpoints, webhookMessages } from '@/lib/db/schema';
import { queueDeliveries } from '@/lib/events/append';
import { AppError, notFound } from '@/lib/errors';
import { webhookIdOf } from './signature';
import { findEndpoint } from './endpoints';

type MessageRow = typeof webhookMessages.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** One line of the delivery log. */
export function messageView(row: MessageRow) {
  return {
    id: row.id,
    webhook_id: webhookIdOf(row.id),
    event_id: String(row.eventId),
    event_type: row.eventType,
    url: row.url,
    status: row.status,
    attempts: row.attempts,
    response_status: row.responseStatus,
    latency_ms: row.latencyMs,
    last_error: row.lastError,
    next_attempt_at: row.status === 'pending' ? iso(row.nextAttemptAt) : null,
    last_attempt_at: iso(row.lastAttemptAt),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
export type MessageView = ReturnType<typeof messageView>;

export async function listEndpointMessages(endpointId: string, q: { status?: MessageRow['status']; limit: number; cursor?: string }) {
  await findEndpoint(endpointId);
  const after = decodeCursor(q.cursor);
  const rows = await getDb()
    .select()
    .from(webhookMessages)
    .where(and(eq(webhookMessages.endpointId, endpointId), q.status ? eq(webhookMessages.status, q.status) : undefined, after ? olderThan(webhookMessages, after.createdAt, after.id) : undefined))
    .orderBy(desc(webhookMessages.createdAt), desc(webhookMessages.id))
    .limit(q.limit + 1);
  const { page, nextCursor } = keysetPage(rows, q.limit);
  return { messages: page.map(messageView), next_cursor: nextCursor };
}

/**
 * One more attempt, now, with the same webhook-id (a receiver that deduplicates on it sees a
 * redelivery). The automatic schedule does not restart: a message that had used it up gets this
 * one attempt.
 */
export async function resendMessage(id: string): Promise<MessageView> {
  const [found] = await getDb()
    .select({ message: webhookMessages, enabled: webhookEndpoints.enabled })
    .from(webhookMessages)
    .leftJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookMessages.endpointId))
    .where(eq(webhookMessages.id, id));
  if (!found) throw notFound('webhook message');
  if (found.enabled === false) throw new AppError('conflict', 'The endpoint is disabled; enable it before resending', [{ path: 'id', message: 'endpoint disabled' }]);
  const [row] = await getDb()
    .update(webhookMessages)
    .set({ status: 'pending', nextAttemptAt: sql`now()`, updatedAt: new Date() })
    .where(eq(webhookMessages.id, id))
    .returning();
  if (!row) throw notFound('webhook message');
  await queueDeliveries([row.id]);
  return messageView(row);
}
