import { and, inArray, lt, sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { productions } from '@/lib/db/schema';
import { productionRenderQueue } from '@/lib/queue/catalog';
import { advanceProduction, transitionProduction } from './lifecycle';

/**
 * The productions a lost message or a dead worker left waiting, for jobs.sweep: generating with
 * no render message alive (every child settled, but the last message was lost) is looked at
 * again; composing with none alive (the composing worker died) goes back to generating and is
 * looked at again, so one composition still happens.
 */
export async function sweepProductions(graceSeconds: number): Promise<string[]> {
  const rows = await getDb()
    .select({ id: productions.id, status: productions.status })
    .from(productions)
    .where(
      and(
        inArray(productions.status, ['pending', 'generating', 'composing']),
        lt(productions.updatedAt, sql`now() - make_interval(secs => ${graceSeconds})`),
        sql`not exists (select 1 from pgboss.job j where j.name = ${productionRenderQueue.name} and j.state < 'completed' and j.data->>'productionId' = ${productions.id}::text)`,
      ),
    )
    .limit(100);
  for (const row of rows) {
    if (row.status === 'composing') await transitionProduction(row.id, 'recompose', { errorCode: 'worker_lost', errorMessage: 'the composing worker stopped; composing again' });
    await advanceProduction(row.id);
  }
  return rows.map((r) => r.id);
}
