import type { ChildProcess } from 'node:child_process';

/**
 * Waits until `url` answers: with `healthy`, a 2xx; otherwise anything below 500. Fails at once
 * when `child` (the server being waited for) has exited. For tests and benches that start servers.
 */
export async function waitForUrl(url: string, { timeoutMs = 120_000, child, healthy = false, method = 'GET' }: { timeoutMs?: number; child?: ChildProcess | null; healthy?: boolean; method?: string } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the server exited (${child.exitCode})`);
    try {
      const res = await fetch(url, { method });
      await res.body?.cancel();
      if (healthy ? res.ok : res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up in ${Math.round(timeoutMs / 1000)} s`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export function stopChild(child: ChildProcess | null | undefined, graceMs = 20_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
