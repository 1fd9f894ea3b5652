import { PgBoss } from 'pg-boss';
import { databaseUrl } from '@/lib/db/client';
import { log } from '@/lib/log';

export function createBoss(url: string, role: 'web' | 'worker'): PgBoss {
  const boss = new PgBoss({
    connectionString: url,
    application_name: `cinemood-${role}`,
    // NOTIFY wakes a worker the moment a job is sent; the default 2 s polling costs ~1.4 s per job.
    useListenNotify: role === 'worker',
    max: role === 'worker' ? 10 : 4,
    // Maintenance and cron belong to workers; the web process only sends.
    supervise: role === 'worker',
    // The supervisor notices dead workers (missed heartbeats); every 60 s by default is too slow
    // for a render that a user is watching.
    superviseIntervalSeconds: 15,
    schedule: role === 'worker',
    migrate: true,
  });
  boss.on('error', (err) => log.error('pg-boss error', { role, err }));
  boss.on('warning', (w) => log.warn('pg-boss warning', { role, warning: w }));
  return boss;
}

let webBoss: Promise<PgBoss> | undefined;

/** The web process's sender, started once on first use. */
export function getBoss(): Promise<PgBoss> {
  webBoss ??= createBoss(databaseUrl(), 'web')
    .start()
    .catch((err) => {
      webBoss = undefined;
      throw err;
    });
  return webBoss;
}
