import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };

// Two tiers: unit tests (`*.test.ts`, no services) and integration tests (`*.int.test.ts`) that
// run against a real embedded PostgreSQL, real pg-boss and real ffmpeg.
export default defineConfig({
  resolve: { alias },
  test: {
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['{lib,jobs,app,components}/**/*.test.ts'], exclude: ['**/*.int.test.ts'], environment: 'node' },
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
    ],
  },
});
