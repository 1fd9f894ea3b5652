import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, SETTINGS, setting, validateEnvironment } from '@/lib/config';

const root = path.resolve(import.meta.dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const tableNames = new Set(
  readme
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .flatMap((line) => [...line.matchAll(/`([A-Z][A-Z0-9_]{2,})`/g)].map((m) => m[1])),
);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

// Variables that are not Cinemood's settings: the shell's and the tools'.
const FOREIGN = new Set(['PATH', 'CI', 'NEXT_TELEMETRY_DISABLED', 'PLAYWRIGHT_JSON_OUTPUT_NAME']);

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('settings', () => {
  it('are each documented in a README table, and the tables name no unknown setting', () => {
    const names = Object.keys(SETTINGS);
    expect(names.filter((n) => !tableNames.has(n))).toEqual([]);
    expect([...tableNames].filter((n) => !(n in SETTINGS) && !FOREIGN.has(n))).toEqual([]);
  });

  it('are read through setting() only: no product file reads process.env for one', () => {
    const raw = ['app', 'components', 'jobs', 'lib', 'scripts']
      .flatMap((d) => sources(path.join(root, d)))
      .filter((f) => !/\.test\.tsx?$/.test(f) && !f.includes(`${path.sep}testing${path.sep}`) && !f.endsWith(`lib${path.sep}config.ts`))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/process\.env(?:\.([A-Z_0-9]+)\b|\[['"]([A-Z_0-9]+)['"]\])(?!\s*=[^=])|(?:\}\s*=|=)\s*process\.env\b(?!\.|\[)()/g)].map((m) => ({ file: path.relative(root, f), name: m[1] ?? m[2] ?? 'the whole environment' })))
      .filter(({ name }) => !FOREIGN.has(name))
      .map(({ file, name }) => `${file}: ${name}`);
    expect(raw).toEqual([]);
  });

  it('parse defaults, numbers and flags; an empty value means the default', () => {
    delete process.env.CLEANUP_DAYS;
    expect(setting('CLEANUP_DAYS')).toBe(30);
    process.env.CLEANUP_DAYS = '12';
    expect(setting('CLEANUP_DAYS')).toBe(12);
    process.env.CLEANUP_DAYS = '  ';
    expect(setting('CLEANUP_DAYS')).toBe(30);
    process.env.OUTBOUND_ALLOW_PRIVATE = '1';
    expect(setting('OUTBOUND_ALLOW_PRIVATE')).toBe(true);
    delete process.env.OUTBOUND_ALLOW_PRIVATE;
    expect(setting('OUTBOUND_ALLOW_PRIVATE')).toBe(false);
  });

  it('refuse a bad value by name, and never echo a secret', () => {
    process.env.WORKER_CONCURRENCY = 'lots';
    expect(() => setting('WORKER_CONCURRENCY')).toThrow(/WORKER_CONCURRENCY="lots"/);
    process.env.SIGNING_SECRET = 'short';
    expect(() => setting('SIGNING_SECRET')).toThrow(ConfigError);
    try {
      setting('SIGNING_SECRET');
    } catch (err) {
      expect((err as Error).message).toMatch(/SIGNING_SECRET=\(secret, not shown\)/);
      expect((err as Error).message).not.toContain('short');
    }
  });

  it('need S3_BUCKET with STORAGE_BACKEND=s3, and both S3 keys or neither; the secret is never shown', () => {
    Object.assign(process.env, { STORAGE_BACKEND: 's3', S3_SECRET_ACCESS_KEY: 'very-secret-value' });
    delete process.env.S3_BUCKET;
    delete process.env.S3_ACCESS_KEY_ID;
    try {
      validateEnvironment();
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toEqual(['S3_BUCKET: required when STORAGE_BACKEND=s3', 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither']);
      expect((err as Error).message).not.toContain('very-secret-value');
    }
    Object.assign(process.env, { S3_BUCKET: 'media', S3_ACCESS_KEY_ID: 'AK' });
    expect(() => validateEnvironment()).not.toThrow();
    process.env.S3_BUCKET = 'Not_A_Bucket';
    expect(() => validateEnvironment()).toThrow(/S3_BUCKET="Not_A_Bucket": must be an S3 bucket name/);
  });

  it('are all checked at start-up, every problem named at once', () => {
    Object.assign(process.env, { PORT: '99999', RUNWAYML_BASE_URL: 'not a url', LOG_LEVEL: 'chatty' });
    try {
      validateEnvironment();
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems.map((p) => p.split('=')[0])).toEqual(['PORT', 'LOG_LEVEL', 'RUNWAYML_BASE_URL']);
    }
  });
});
