import './check-environment';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { config } from '@/lib/config';
import { ensureAdminPassword } from '@/lib/auth/admin';
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { closeDb } from '@/lib/db/client';
import { log } from '@/lib/log';
import { StorageError } from '@/lib/storage/errors';
import { assertStorageUsable } from '@/lib/storage/startup';
import { buildIfStale } from './build-if-stale';

// `npm start`: database, migrations, a production build when the sources changed, then the web
// server and the worker as children. A signal stops the children first and the database last.

const root = process.cwd();

async function main() {
  const cfg = config();
  await assertStorageUsable();
  const database = await bootstrapDatabase();
  const { generated } = await ensureAdminPassword();
  await closeDb();
  buildIfStale(root);

  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  const children = new Set<ChildProcess>();
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const exits = [...children].map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    }));
    await Promise.all(exits);
    await database.stop();
    log.info('stopped');
    process.exit(code);
  };

  const launch = (name: string, args: string[], restarts = 0): ChildProcess => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', env });
    children.add(child);
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (stopping) return;
      // A crashed worker is restarted (jobs it held are retried); a dead web server ends the run.
      if (name === 'worker' && restarts < 5) {
        log.error('worker exited; restarting', { code, signal, restarts });
        setTimeout(() => launch(name, args, restarts + 1), 1000 * 2 ** restarts);
      } else {
        log.error(`${name} exited`, { code, signal });
        void stopAll(code ?? 1);
      }
    });
    return child;
  };

  launch('web', ['--import', 'tsx', path.join(root, 'scripts', 'server.ts')]);
  launch('worker', ['--import', 'tsx', path.join(root, 'scripts', 'worker.ts')]);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll(0));
  // Whoever started us may die without passing a signal on (a killed npm or shell): then stop too.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stopAll(0);
  }, 500).unref();
  const url = `http://${cfg.HOST === '0.0.0.0' ? 'localhost' : cfg.HOST}:${cfg.PORT}`;
  if (generated) {
    // Printed once, on the start that created it, as Jupyter prints its token; only a hash is kept.
    process.stdout.write(`\n  Admin password (shown once, set ADMIN_PASSWORD to choose your own): ${generated}\n  Log in at ${url}/login\n\n`);
  }
  log.info(`Cinemood is starting at ${url}`, {
    database: database.owned ? 'embedded' : 'external',
  });
}

main().catch((err) => {
  // A storage that cannot be used is a configuration problem: its one line says it all.
  if (err instanceof StorageError) log.error(err.message);
  else log.error('start failed', { err });
  process.exit(1);
});
