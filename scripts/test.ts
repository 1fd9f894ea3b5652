import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// `npm test`: unit + integration (vitest), then end-to-end (Playwright in the Chromium from @sparticuz/chromium).
// Both runners write JSON reports; the last line sums them as `N passed, N failed`.

const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'cinemood-test-'));
const vitestReport = path.join(reports, 'vitest.json');
const playwrightReport = path.join(reports, 'playwright.json');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const bin = (name: string) => path.join(process.cwd(), 'node_modules', '.bin', name);

const vitest = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`], { stdio: 'inherit', env });
const playwright = spawnSync(bin('playwright'), ['test', '--reporter=list,json'], {
  stdio: 'inherit',
  env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport },
});

/** The counts read from vitest's JSON report. */
interface VitestReport {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
}

/** The counts read from Playwright's JSON report. */
interface PlaywrightReport {
  stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number };
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const v = readJson<VitestReport>(vitestReport);
const p = readJson<PlaywrightReport>(playwrightReport);
const passed = (v?.numPassedTests ?? 0) + (p?.stats?.expected ?? 0) + (p?.stats?.flaky ?? 0);
let failed = (v?.numFailedTests ?? 0) + (p?.stats?.unexpected ?? 0);
// A runner that crashed before reporting counts as a failure, never as a silent pass.
if (vitest.status !== 0 && !v?.numFailedTests) failed += 1;
if (playwright.status !== 0 && !p?.stats?.unexpected) failed += 1;
const skipped = (v?.numPendingTests ?? 0) + (v?.numTodoTests ?? 0) + (p?.stats?.skipped ?? 0);

console.log(`\nvitest: ${v?.numPassedTests ?? 0} passed, ${v?.numFailedTests ?? 0} failed (exit ${vitest.status}); playwright: ${p?.stats?.expected ?? 0} passed, ${p?.stats?.unexpected ?? 0} failed (exit ${playwright.status})`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || vitest.status !== 0 || playwright.status !== 0 ? 1 : 0);
