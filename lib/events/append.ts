import { sql } from 'drizzle-orm';
import { getDb, type Transaction } from '@/lib/db/client';
import { events } from '@/lib/db/schema';
import { webhookDeliverQueue } from '@/lib/queue/catalog';
import { sendJob } from '@/lib/queue/send';
import { log } from '@/lib/log';
import type { EventType, SubjectKind } from './types';

/** The channel every process LISTENs on (lib/events/hub.ts); the payload is the new event's id. */
export const EVENTS_CHANNEL = 'cinemood_events';
// One lock for every event-appending transaction, held from the id's allocation to the commit:
// ids then become visible strictly in order, so "every event after N" never skips one that
// committed late. The holders are short: the append is the last statement of its transaction.
const APPEND_LOCK = 0x63_6d_65_76; // "cmev"

export interface NewEvent {
  type: EventType;
  subjectKind: SubjectKind;
  subjectId: string;
  jobId?: string | null;
  productionId?: string | null;
  universeId?: string | null;
  payload: Record<string, unknown>;
}

/**
 * Appends events inside `tx` and NOTIFYs (delivered at commit), and writes the webhook messages
 * they owe (enabled endpoints whose patterns match, and subscriptions of the resource). Answers
 * the message ids, to be queued once the transaction has committed. Must come after the
 * transaction's own writes.
 */
async function appendEvents(tx: Transaction, list: NewEvent[]): Promise<string[]> {
  if (list.length === 0) return [];
  await tx.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK})`);
  const rows = await tx
    .insert(events)
    .values(list.map((e) => ({ ...e, jobId: e.jobId ?? null, productionId: e.productionId ?? null, universeId: e.universeId ?? null })))
    .returning({ id: events.id });
  const last = rows[rows.length - 1].id;
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${String(last)})`);
  const ids = rows.map((r) => r.id);
  const messages = await tx.execute<{ id: string }>(sql`
    with new_events as (select * from events where id = any(${sql.raw(`array[${ids.join(',')}]::bigint[]`)}))
    insert into webhook_messages (event_id, endpoint_id, subscription_id, event_type, url, next_attempt_at)
      select e.id, w.id, null, e.type, w.url, now() from new_events e join webhook_endpoints w
        on w.enabled and (cardinality(w.events) = 0 or e.type = any(w.events) or '*' = any(w.events) or split_part(e.type, '.', 1) || '.*' = any(w.events))
    union all
      select e.id, null, s.id, e.type, s.url, now() from new_events e join webhook_subscriptions s
        on s.subject_id in (e.subject_id, e.job_id, e.production_id)
        and (cardinality(s.events) = 0 or e.type = any(s.events) or '*' = any(s.events) or split_part(e.type, '.', 1) || '.*' = any(s.events))
    returning id`);
  return messages.map((m) => m.id);
}

export type Emit = (event: NewEvent) => void;

/**
 * Runs `work` in a transaction whose events (collected with `emit`) are appended at its end, so a
 * change and its events commit together or not at all; then queues the webhook deliveries they
 * owe. A delivery whose queueing is lost (the process died right after the commit) is picked up
 * by the jobs sweeper from webhook_messages.
 */
export async function withEvents<T>(work: (tx: Transaction, emit: Emit) => Promise<T>): Promise<T> {
  let messages: string[] = [];
  const result = await getDb().transaction(async (tx) => {
    const pending: NewEvent[] = [];
    const value = await work(tx, (event) => pending.push(event));
    messages = await appendEvents(tx, pending);
    return value;
  });
  await queueDeliveries(messages);
  return result;
}

export async function queueDeliveries(messageIds: string[]): Promise<void> {
  for (const messageId of messageIds) {
    try {
      await sendJob(webhookDeliverQueue, { messageId });
    } catch (err) {
      // The message row stays pending; the sweeper queues it again.
      log.warn('webhook delivery not queued', { messageId, err });
    }
  }
}
