import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { stopChild, waitForUrl } from '@/lib/testing/processes';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** One Cinemood instance as `npm start` runs it against an external database: a web process and a worker. */
export interface Instance {
  name: string;
  base: string;
  web: ChildProcess;
  worker: ChildProcess | null;
  stop(): Promise<void>;
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
    await waitForUrl(`${base}/api/health`, { child: web });
  } catch (err) {
    await instance.stop();
    throw err;
  }
  return instance;
}
