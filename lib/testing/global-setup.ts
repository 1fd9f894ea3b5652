import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PgBoss } from 'pg-boss';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
import { migrateDatabase } from '@/lib/db/migrate';

export const TEMPLATE_DATABASE = 'cinemood_template';

/** A real PostgreSQL on `port` with a migrated template database; provides its URL and a data folder to the tests. */
export async function startTestDatabase(project: TestProject, port: number): Promise<() => Promise<void>> {
  const dataDir = path.join(os.tmpdir(), `cinemood-vitest-${port}`);
  await fs.rm(dataDir, { recursive: true, force: true });
  const server = await startEmbeddedPostgres({ dataDir, port });
  const adminUrl = server.url.replace(/\/cinemood$/, '/postgres');

  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${TEMPLATE_DATABASE}`);
  await admin.unsafe(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();
  const templateUrl = server.url.replace(/\/cinemood$/, `/${TEMPLATE_DATABASE}`);
  await migrateDatabase(templateUrl);
  // Installing pg-boss's schema once here saves every test file from doing it.
  const boss = new PgBoss({ connectionString: templateUrl, supervise: false, schedule: false });
  await boss.start();
  await boss.stop({ graceful: false });

  project.provide('pgAdminUrl', adminUrl);
  project.provide('testDataDir', dataDir);
  return async () => {
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}

/** One real PostgreSQL for the whole integration run; each test file clones a migrated template. */
export default async function setup(project: TestProject) {
  return startTestDatabase(project, Number(process.env.TEST_PGPORT ?? 54339));
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    testDataDir: string;
  }
}
