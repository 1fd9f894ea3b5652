import { lt } from 'drizzle-orm';
import { setting } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { events } from '@/lib/db/schema';

/** Deletes events older than EVENTS_RETENTION_DAYS; their webhook messages go with them (on delete cascade). */
export async function pruneEvents(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - setting('EVENTS_RETENTION_DAYS') * 86_400_000);
  const deleted = await getDb().delete(events).where(lt(events.createdAt, before)).returning({ id: events.id });
  return deleted.length;
}
