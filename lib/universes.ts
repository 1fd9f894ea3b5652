import { eq } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import { getDb } from '@/lib/db/client';
import { universes } from '@/lib/db/schema';

/** The universe a new job belongs to: the one named, or the default; an unknown id is a 422. */
export async function resolveUniverse(id: string | undefined): Promise<string> {
  const db = getDb();
  const [row] = id
    ? await db.select({ id: universes.id }).from(universes).where(eq(universes.id, id))
    : await db.select({ id: universes.id }).from(universes).where(eq(universes.isDefault, true));
  if (!row) throw new AppError('unprocessable_entity', 'universe_id does not name a universe', [{ path: 'universe_id', message: 'unknown universe' }]);
  return row.id;
}
