import { config } from '@/lib/config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@/lib/db/embedded';
import { migrateDatabase } from '@/lib/db/migrate';

/**
 * Gives a process its database: DATABASE_URL when set (nothing is started), otherwise the
 * embedded PostgreSQL under DATA_DIR, started here or joined if already running. Migrations run
 * either way, and DATABASE_URL is set for this process and its children.
 */
export async function bootstrapDatabase(): Promise<EmbeddedDatabase> {
  const cfg = config();
  let db: EmbeddedDatabase;
  if (cfg.DATABASE_URL) {
    db = { url: cfg.DATABASE_URL, owned: false, stop: async () => {} };
  } else {
    db = await startEmbeddedPostgres({ dataDir: cfg.dataDir, port: cfg.PGPORT, pgData: cfg.PGDATA });
    process.env.CINEMOOD_EMBEDDED_DB = '1';
  }
  process.env.DATABASE_URL = db.url;
  try {
    await migrateDatabase(db.url);
  } catch (err) {
    await db.stop();
    throw err;
  }
  return db;
}
