import { and, eq, lt, sql } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import { sha256 } from '@/lib/auth/crypto';
import { getDb } from '@/lib/db/client';
import { idempotencyKeys } from '@/lib/db/schema';

const KEY = /^[A-Za-z0-9._:-]{1,200}$/;
const TTL_MS = 24 * 3600 * 1000;

export type IdempotencyStart = { kind: 'fresh' } | { kind: 'replay'; status: number; body: unknown };

/**
 * Claims `key` for this principal and request body. A finished earlier request with the same
 * body is replayed; a different body is a 422; one still running is a 409.
 */
export async function beginIdempotent(principal: string, key: string, rawBody: string): Promise<IdempotencyStart> {
  if (!KEY.test(key)) throw new AppError('unprocessable_entity', 'Idempotency-Key must be 1–200 letters, digits or . _ : -');
  const requestHash = sha256(rawBody);
  const db = getDb();
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(Date.now() - TTL_MS)));
  const inserted = await db.insert(idempotencyKeys).values({ principal, key, requestHash }).onConflictDoNothing().returning();
  if (inserted.length > 0) return { kind: 'fresh' };
  const [existing] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
  if (!existing) return beginIdempotent(principal, key, rawBody);
  if (existing.requestHash !== requestHash) {
    throw new AppError('unprocessable_entity', 'This Idempotency-Key was already used with a different request body');
  }
  if (existing.status === null) throw new AppError('conflict', 'A request with this Idempotency-Key is still being processed');
  return { kind: 'replay', status: existing.status, body: existing.body };
}

export async function finishIdempotent(principal: string, key: string, status: number, body: unknown): Promise<void> {
  await getDb()
    .update(idempotencyKeys)
    .set({ status, body: sql`${JSON.stringify(body)}::jsonb` })
    .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
}

/** A failed request frees its key, so the client may try again with the same one. */
export async function abandonIdempotent(principal: string, key: string): Promise<void> {
  await getDb().delete(idempotencyKeys).where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
}
