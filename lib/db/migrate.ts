import path from 'node:path';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { universes } from '@/lib/db/schema';

const MIGRATIONS = path.resolve(/*turbopackIgnore: true*/ process.cwd(), 'drizzle');

/** Applies committed migrations and makes sure the default universe exists. Safe to repeat. */
export async function migrateDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const db = drizzle(sql);
    // Several processes may boot at once; one migrates while the others wait on the lock.
    await sql`select pg_advisory_lock(727274)`;
    try {
      await migrate(db, { migrationsFolder: MIGRATIONS });
      const existing = await db.select({ id: universes.id }).from(universes).where(eq(universes.isDefault, true));
      if (existing.length === 0) {
        await db
          .insert(universes)
          .values({ name: 'My universe', description: 'The default universe for everything you create.', isDefault: true })
          .onConflictDoNothing();
      }
    } finally {
      await sql`select pg_advisory_unlock(727274)`;
    }
  } finally {
    await sql.end();
  }
}
