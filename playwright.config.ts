import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { setting } from './lib/config';
import { fontconfigFile } from './lib/media/fonts';
import { shippedChromium } from './e2e/chromium';
import { FAKE_LUMA_KEY } from './lib/testing/fake-luma';

const PORT = setting('E2E_PORT');
const PGPORT = setting('E2E_PGPORT');
const FAKE_LUMA_PORT = setting('E2E_FAKE_LUMA_PORT');
// A fresh database and data directory each run: the suite starts the real product with `npm start`.
export const E2E_DATA_DIR = path.join(os.tmpdir(), `cinemood-e2e-${PORT}`);
export const E2E_BASE_URL = `http://127.0.0.1:${PORT}`;
/** The creator's password in the e2e run; the README's login instructions apply unchanged. */
export const E2E_ADMIN_PASSWORD = 'e2e-admin-password';
export const AUTH_STATE = path.join(os.tmpdir(), `cinemood-e2e-${PORT}-auth.json`);

// The browser ships with the project (no apt-get, no `npx playwright install`); CHROMIUM_PATH overrides it.
const CHROMIUM = setting('CHROMIUM_PATH') ?? (await shippedChromium());
// A fresh machine has no fonts: pages are drawn with the shipped DejaVu and Noto Emoji only.
const BROWSER_ENV = Object.fromEntries(
  Object.entries({ ...process.env, FONTCONFIG_FILE: fontconfigFile() }).filter((e): e is [string, string] => e[1] !== undefined),
);

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'anonymous', testMatch: /auth\.spec\.ts/ },
    { name: 'app', testIgnore: /auth\.(setup|spec)\.ts/, dependencies: ['setup'], use: { storageState: AUTH_STATE } },
  ],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Playwright's own browser download is not available on these machines.
      executablePath: CHROMIUM,
      env: BROWSER_ENV,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: [
    {
      // A Luma contract server, so the studio offers a real external provider (lib/testing/fake-luma.ts).
      command: 'node --import tsx e2e/fake-providers.ts',
      url: `http://127.0.0.1:${FAKE_LUMA_PORT}/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { E2E_FAKE_LUMA_PORT: String(FAKE_LUMA_PORT) },
    },
    {
    // Playwright starts the web server before any global setup, so the wipe happens here.
    command: `rm -rf '${E2E_DATA_DIR}' && npm start`,
    url: `${E2E_BASE_URL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    env: {
      PORT: String(PORT),
      PGPORT: String(PGPORT),
      DATA_DIR: E2E_DATA_DIR,
      LOG_LEVEL: 'warn',
      ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      NEXT_TELEMETRY_DISABLED: '1',
      LUMAAI_API_KEY: FAKE_LUMA_KEY,
      LUMAAI_BASE_URL: `http://127.0.0.1:${FAKE_LUMA_PORT}`,
      // The fake serves its output from loopback, which the outbound guard refuses by default.
      OUTBOUND_ALLOW_PRIVATE: '1',
      VIDEO_POLL_MIN_SECONDS: '1',
    },
    },
  ],
});
