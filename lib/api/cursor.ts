import { AppError } from '@/lib/api/errors';

/** Keyset position (created_at, id) as an opaque string: stable pages even while rows are added. */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new AppError('unprocessable_entity', 'cursor is not valid; pass next_cursor from the previous page', [{ path: 'cursor', message: 'invalid cursor' }]);
  }
  return { createdAt, id };
}
