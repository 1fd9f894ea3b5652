import './check-environment';
import { queueHandlers } from '@/jobs/registry';
import { queueCatalog } from '@/lib/queue/catalog';
import { config } from '@/lib/config';
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { closeDb } from '@/lib/db/client';
import { log } from '@/lib/log';
import { StorageError } from '@/lib/storage/errors';
import { assertStorageUsable } from '@/lib/storage/startup';
import { createBoss } from '@/lib/queue/boss';
import { startWorkers } from '@/lib/queue/workers';

// `npm run worker`: the background job process. `npm start` runs it beside the web server.
async function main() {
  config();
  await assertStorageUsable();
  const database = await bootstrapDatabase();
  const boss = createBoss(database.url, 'worker');
  await boss.start();
  await startWorkers(boss, queueHandlers, queueCatalog);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('worker stopping', { signal });
    // In-flight jobs get time to finish; anything still running is retried by another worker.
    await boss.stop({ graceful: true, timeout: 20_000 }).catch((err) => log.error('pg-boss stop failed', { err }));
    await closeDb();
    await database.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
}

main().catch((err) => {
  // A storage that cannot be used is a configuration problem: its one line says it all.
  if (err instanceof StorageError) log.error(err.message);
  else log.error('worker failed to start', { err });
  process.exit(1);
});
