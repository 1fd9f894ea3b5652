import { type AnyColumn, and, eq, lt, or, type SQL } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/api/uuid';

/** Keyset position (created_at, id) as an opaque string: stable pages even while rows are added. */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

/**
 * The position a client sent back, or a 422. Both halves go into SQL as a timestamp and a uuid,
 * so both are checked here: a string PostgreSQL would refuse to cast must never reach it.
 */
export function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  const [iso, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (rest.length > 0 || Number.isNaN(createdAt.getTime()) || !isUuid(id)) {
    throw new AppError('unprocessable_entity', 'cursor is not valid; pass next_cursor from the previous page', [{ path: 'cursor', message: 'invalid cursor' }]);
  }
  return { createdAt, id };
}

/**
 * The keyset condition "after this position" for a list ordered by created_at, then id, both
 * descending. `createdAt` and `id` are values or prepared-statement placeholders.
 */
export function olderThan(columns: { createdAt: AnyColumn; id: AnyColumn }, createdAt: unknown, id: unknown): SQL | undefined {
  return or(lt(columns.createdAt, createdAt), and(eq(columns.createdAt, createdAt), lt(columns.id, id)));
}

/** A page of `limit` rows out of `limit + 1` fetched, and the cursor of the next page if there is one. */
export function keysetPage<T extends { createdAt: Date; id: string }>(rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}
