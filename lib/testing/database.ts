import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { resetConfigForTests } from '@/lib/config';
import { closeDb } from '@/lib/db/client';

const TEMPLATE_DATABASE = 'cinemood_template';

export interface TestEnvironment {
  url: string;
  dataDir: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh database cloned from the migrated template, plus a private DATA_DIR, wired into
 * process.env for the code under test. Call in beforeAll; call cleanup in afterAll.
 */
export async function createTestEnvironment(): Promise<TestEnvironment> {
  const adminUrl = inject('pgAdminUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${TEMPLATE_DATABASE}`);
  await admin.end();
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const dataDir = path.join(inject('testDataDir'), 'files', name);
  await fs.mkdir(dataDir, { recursive: true });
  process.env.DATABASE_URL = url;
  process.env.DATA_DIR = dataDir;
  process.env.LOG_LEVEL ??= 'error';
  resetConfigForTests();
  return {
    url,
    dataDir,
    async cleanup() {
      await closeDb();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
