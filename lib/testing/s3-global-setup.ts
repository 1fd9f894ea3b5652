import type { TestProject } from 'vitest/node';
import { startTestDatabase } from '@/lib/testing/global-setup';
import { type S3TestServer, s3ServerUnavailable, startS3Server } from '@/lib/testing/s3-server';

// The `s3` test project (`*.s3.test.ts`): a real radosgw (lib/testing/s3-server.ts) and a real
// PostgreSQL of its own, next to the integration project's. Without radosgw on the machine the
// project's tests are skipped and the reason is printed once here.

export type S3ServerInfo = Omit<S3TestServer, 'stop' | 'pids'>;

export default async function setup(project: TestProject) {
  const unavailable = s3ServerUnavailable();
  if (unavailable) {
    // CI installs radosgw (.ci/run): there a skip would hide a broken setup.
    if (process.env.CI) throw new Error(`the S3 tests cannot run in CI: ${unavailable}`);
    process.stderr.write(`\n  S3 tests skipped: ${unavailable}\n\n`);
    project.provide('s3Server', null);
    return;
  }
  // Booted side by side: radosgw takes ~15 s, PostgreSQL a few.
  const port = Number(process.env.TEST_S3_PGPORT ?? 54359);
  const [server, database] = await Promise.allSettled([startS3Server(), startTestDatabase(project, port)]);
  if (server.status === 'rejected' || database.status === 'rejected') {
    // Whichever did start is stopped: nothing is left running after a failed boot.
    if (server.status === 'fulfilled') await server.value.stop();
    if (database.status === 'fulfilled') await database.value();
    throw server.status === 'rejected' ? server.reason : (database as PromiseRejectedResult).reason;
  }
  const stopDatabase = database.value;
  const { stop, pids: _pids, ...info } = server.value;
  project.provide('s3Server', info);
  return async () => {
    await Promise.allSettled([stop(), stopDatabase()]);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    s3Server: S3ServerInfo | null;
  }
}
