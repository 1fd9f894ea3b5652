import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** One Cinemood instance as `npm start` runs it against an external database: a web process and a worker. */
export interface Instance {
  name: string;
  base: string;
  web: ChildProcess;
  worker: ChildProcess | null;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function waitForHealth(base: string, web: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (web.exitCode !== null) throw new Error(`${base}: the web process exited (${web.exitCode})`);
    try {
      const res = await fetch(`${base}/api/health`);
      await res.body?.cancel();
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${base} did not come up`);
}

/**
 * Starts scripts/server.ts and (unless `worker: false`) scripts/worker.ts with `env` on `port`, as
 * a second machine would run them. Needs a production build (scripts/build-if-stale.ts).
 */
export async function startInstance(name: string, port: number, env: Record<string, string>, { worker = true } = {}): Promise<Instance> {
  const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', HOST: '127.0.0.1', PORT: String(port), ...env, NODE_ENV: 'production' as const };
  const start = (script: string) => spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', script)], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  const web = start('server.ts');
  const workerProcess = worker ? start('worker.ts') : null;
  const base = `http://127.0.0.1:${port}`;
  const instance: Instance = {
    name,
    base,
    web,
    worker: workerProcess,
    stop: async () => {
      await Promise.all([stopChild(web), stopChild(workerProcess)]);
    },
  };
  try {
    await waitForHealth(base, web, 120_000);
  } catch (err) {
    await instance.stop();
    throw err;
  }
  return instance;
}
