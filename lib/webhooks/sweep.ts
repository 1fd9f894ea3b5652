import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { queueDeliveries } from '@/lib/events/append';
import { webhookDeliverQueue } from '@/lib/queue/catalog';

const BATCH = 200;

/**
 * Pending messages whose next attempt is overdue by more than `graceSeconds` with no live
 * webhook.deliver job: the process died between a commit and its send, or a retry's send was
 * lost. They are sent again; the attempt claim in deliver.ts keeps a duplicate from sending twice.
 */
export async function sweepWebhookMessages(graceSeconds = 120): Promise<string[]> {
  const rows = await getDb().execute<{ id: string }>(sql`
    select m.id from webhook_messages m
    where m.status = 'pending' and m.next_attempt_at < now() - make_interval(secs => ${graceSeconds})
      and not exists (select 1 from pgboss.job j where j.name = ${webhookDeliverQueue.name} and j.state < 'completed' and j.data->>'messageId' = m.id::text)
    order by m.next_attempt_at
    limit ${BATCH}`);
  const ids = rows.map((r) => r.id);
  await queueDeliveries(ids);
  return ids;
}
