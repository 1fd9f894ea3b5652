import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { setting } from '@/lib/config';
import * as schema from '@/lib/db/schema';

export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

let sqlClient: postgres.Sql | undefined;
let database: Database | undefined;

export function databaseUrl(): string {
  const url = setting('DATABASE_URL');
  if (!url) throw new Error('DATABASE_URL is not set: start Cinemood with `npm start`, which provides one');
  return url;
}

/** The process-wide connection pool. */
export function getSql(): postgres.Sql {
  sqlClient ??= postgres(databaseUrl(), { max: 10, onnotice: () => {}, connection: { application_name: 'cinemood' } });
  return sqlClient;
}

export function getDb(): Database {
  database ??= drizzle(getSql(), { schema });
  return database;
}

const preparedByDb = new WeakMap<Database, Map<string, unknown>>();

/**
 * A query built once per database handle and reused with new values (drizzle placeholders):
 * building a drizzle query costs more CPU than PostgreSQL takes to answer a simple one, so the
 * hot read paths (lists, a job by id) build theirs once. `name` must tell apart every shape `build` makes.
 */
export function preparedQuery<Q>(name: string, build: (db: Database) => Q): Q {
  const db = getDb();
  let cache = preparedByDb.get(db);
  if (!cache) {
    cache = new Map();
    preparedByDb.set(db, cache);
  }
  let query = cache.get(name) as Q | undefined;
  if (!query) {
    query = build(db);
    cache.set(name, query);
  }
  return query;
}

export async function closeDb(): Promise<void> {
  const client = sqlClient;
  sqlClient = undefined;
  database = undefined;
  await client?.end({ timeout: 5 });
}
