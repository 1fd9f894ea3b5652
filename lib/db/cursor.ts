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
