import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { errorBody, errorStatus } from '@/lib/api/errors';
import { decodeCursor, encodeCursor } from '@/lib/db/cursor';

const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

function refusal(cursor: string): AppError {
  try {
    decodeCursor(cursor);
  } catch (err) {
    return err as AppError;
  }
  throw new Error(`accepted ${cursor}`);
}

describe('keyset cursor', () => {
  it('round-trips a position', () => {
    const at = new Date('2026-11-30T10:00:00.123Z');
    const id = '3f2b8a8e-6c1d-4a57-9b0e-2d4c1f9a7e65';
    expect(decodeCursor(encodeCursor(at, id))).toEqual({ createdAt: at, id });
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it('refuses an id that only looks like a UUID (36 dashes, 36 letters) with a 422, before PostgreSQL casts it', () => {
    for (const fake of ['-'.repeat(36), 'a'.repeat(36), '3f2b8a8e6c1d-4a57-9b0e-2d4c1f9a7e65-', 'zzzzzzzz-zzzz-4zzz-8zzz-zzzzzzzzzzzz']) {
      const err = refusal(cursorOf(`2026-11-30T10:00:00.000Z|${fake}`));
      expect(err).toBeInstanceOf(AppError);
      expect(errorStatus(err)).toBe(422);
      expect(errorBody(err)).toEqual({ error: { code: 'unprocessable_entity', message: expect.stringMatching(/cursor/), details: [{ path: 'cursor', message: 'invalid cursor' }] } });
    }
  });

  it('refuses a bad date, a missing id and junk', () => {
    for (const text of ['not a date|3f2b8a8e-6c1d-4a57-9b0e-2d4c1f9a7e65', '2026-11-30T10:00:00.000Z', '2026-11-30T10:00:00.000Z|', '%%%']) {
      expect(errorStatus(refusal(cursorOf(text)))).toBe(422);
    }
    expect(errorStatus(refusal("A".repeat(500)))).toBe(422);
  });
});
