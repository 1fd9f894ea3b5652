import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { setting } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { assetFiles, mediaAssets } from '@/lib/db/schema';
import { withEvents } from '@/lib/events/append';
import { assetEvent } from '@/lib/media/assets';
import { log } from '@/lib/log';
import { storageFor } from '@/lib/storage';

export const cleanupDays = () => setting('CLEANUP_DAYS');
export const trashDays = () => setting('TRASH_DAYS');
const DAY = 86_400_000;

/**
 * Two steps, never more: old generated assets that are not pinned go to the trash (age counts from
 * the last restore, else from creation), and assets that
 * have sat in the trash past its period lose their files and rows. Only files that an asset row
 * names are ever deleted.
 */
export async function cleanUpMedia(now = new Date()): Promise<{ trashed: number; purged: number }> {
  const db = getDb();
  const trashed = await withEvents(async (tx, emit) => {
    const rows = await tx
      .update(mediaAssets)
      .set({ deletedAt: now, updatedAt: now })
      .where(
        and(
          eq(mediaAssets.sourceType, 'generated'),
          eq(mediaAssets.pinned, false),
          isNull(mediaAssets.deletedAt),
          // A restored asset gets a full period again: its age counts from the restore.
          sql`coalesce(${mediaAssets.restoredAt}, ${mediaAssets.createdAt}) < ${new Date(now.getTime() - cleanupDays() * DAY).toISOString()}`,
        ),
      )
      .returning();
    for (const row of rows) emit(await assetEvent(tx, 'asset.deleted', row));
    return rows;
  });

  const expired = await db
    .select({ id: mediaAssets.id, key: mediaAssets.storageKey, backend: mediaAssets.storageBackend })
    .from(mediaAssets)
    .where(lt(mediaAssets.deletedAt, new Date(now.getTime() - trashDays() * DAY)));
  for (const asset of expired) {
    // Derived files live in the backend of their asset.
    const storage = storageFor(asset.backend);
    const derived = await db.select({ key: assetFiles.storageKey }).from(assetFiles).where(eq(assetFiles.assetId, asset.id));
    for (const file of derived) await storage.delete(file.key);
    await storage.delete(asset.key);
  }
  if (expired.length > 0) await db.delete(mediaAssets).where(inArray(mediaAssets.id, expired.map((a) => a.id)));
  if (trashed.length || expired.length) log.info('media cleanup', { trashed: trashed.length, purged: expired.length });
  return { trashed: trashed.length, purged: expired.length };
}
