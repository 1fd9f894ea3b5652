import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };

// Three tiers: unit tests (`*.test.ts`, no services), integration tests (`*.int.test.ts`) that
// run against a real embedded PostgreSQL, real pg-boss and real ffmpeg, and S3 tests
// (`*.s3.test.ts`) that add a real S3 server (Ceph radosgw, booted only when such a test runs;
// skipped with the reason printed where radosgw is not installed).
export default defineConfig({
  resolve: { alias },
  test: {
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['{lib,jobs,app,components}/**/*.test.ts'], exclude: ['**/*.int.test.ts', '**/*.s3.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['{lib,jobs,app,scripts}/**/*.int.test.ts'],
          environment: 'node',
          globalSetup: ['lib/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 's3',
          include: ['{lib,jobs,app,scripts}/**/*.s3.test.ts'],
          environment: 'node',
          globalSetup: ['lib/testing/s3-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
