import { z } from 'zod';

/**
 * The one definition of an id a client may send: a UUID (RFC 9562, as zod checks it). Anything
 * looser — e.g. any 36 characters of `[0-9a-f-]` — reaches PostgreSQL's uuid cast and throws there,
 * which the client would see as a 500. Routes validate with the schema; code that meets an id
 * outside a schema (cursors, callback query strings) asks `isUuid`.
 */
export const UuidSchema = z.uuid('must be a UUID');

export const isUuid = (value: unknown): value is string => UuidSchema.safeParse(value).success;
