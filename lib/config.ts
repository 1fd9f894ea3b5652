import path from 'node:path';
import { z } from 'zod';

/**
 * Every environment setting Cinemood reads, in one registry: its schema (type, range, default),
 * the README section that documents it, and whether it is a secret (never logged or echoed).
 * Code reads a value with `setting(NAME)`, parsed on each change of the raw value, so tests may
 * change the environment between cases; `validateEnvironment()` checks them all at start-up, so a
 * bad value stops `npm start` with one message instead of failing a job hours later.
 * lib/config.test.ts holds the README's tables to this list.
 */

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const seconds = (fallback: number) => z.coerce.number().min(0).default(fallback);
const optionalPositive = z.coerce.number().positive().optional();
const positiveSeconds = (fallback: number) => z.coerce.number().positive().default(fallback);
const flag = z.enum(['0', '1', 'true', 'false']).optional().transform((v) => v === '1' || v === 'true');
const text = z.string().trim().min(1).optional();
const url = z.url().optional();

type Section = 'server' | 'database' | 'access' | 'media' | 'storage' | 'jobs' | 'video providers' | 'audio engines' | 'tests';

interface Setting<S extends z.ZodType = z.ZodType> {
  schema: S;
  section: Section;
  secret?: boolean;
}

const def = <S extends z.ZodType>(section: Section, schema: S, secret = false): Setting<S> => ({ schema, section, secret });

export const SETTINGS = {
  NODE_ENV: def('server', z.string().default('production')),
  PORT: def('server', port(3000)),
  HOST: def('server', z.string().default('127.0.0.1')),
  DATA_DIR: def('server', z.string().default('./.data')),
  LOG_LEVEL: def('server', z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info')),
  PUBLIC_BASE_URL: def('server', url),
  TRUST_PROXY: def('server', flag),

  DATABASE_URL: def('database', url, true),
  PGPORT: def('database', port(54329)),
  PGDATA: def('database', text),
  // Set by the start-up itself when it started the embedded server; health reports it.
  CINEMOOD_EMBEDDED_DB: def('database', flag),

  // Not trimmed: the password is exactly what was set.
  ADMIN_PASSWORD: def('access', z.string().optional(), true),
  SIGNING_SECRET: def('access', z.string().min(16).optional(), true),
  MEDIA_URL_TTL_SECONDS: def('access', positiveInt(3600)),
  SESSION_TTL_HOURS: def('access', positiveInt(168)),
  // How long a process trusts an API key lookup: a revoked key stops working within this.
  API_KEY_CACHE_SECONDS: def('access', z.coerce.number().min(0).max(5).default(2)),
  RATE_LIMIT_PER_MINUTE: def('access', positiveInt(600)),
  RATE_LIMIT_GENERATION_PER_MINUTE: def('access', positiveInt(60)),
  LOGIN_FAILURES_PER_MINUTE: def('access', positiveInt(10)),

  MAX_UPLOAD_BYTES: def('media', positiveInt(2 * 1024 ** 3)),
  MAX_PROVIDER_DOWNLOAD_BYTES: def('media', positiveInt(4 * 1024 ** 3)),
  CLEANUP_DAYS: def('media', positiveInt(30)),
  TRASH_DAYS: def('media', positiveInt(7)),
  OUTBOUND_ALLOW_PRIVATE: def('media', flag),
  // Behind nginx: the internal location media bytes are handed to with X-Accel-Redirect (README, Behind nginx).
  MEDIA_ACCEL_REDIRECT: def('media', z.string().trim().regex(/^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+\/?$/, { error: 'must be a path such as /_media' })
    .transform((prefix) => prefix.replace(/\/+$/, '')).optional()),
  FFMPEG_BUILD: def('media', z.enum(['auto', 'system', 'npm'], { error: 'must be auto, system or npm' })
    // The build that ships with the product, so every machine renders the same frames (see lib/media/ffmpeg.ts).
    .default('npm')),

  // Where new media is stored; each row names the backend its bytes are in (lib/storage/index.ts).
  STORAGE_BACKEND: def('storage', z.enum(['local', 's3'], { error: 'must be local or s3' }).default('local')),
  // Unset: AWS's own endpoint for S3_REGION.
  S3_ENDPOINT: def('storage', url),
  S3_BUCKET: def('storage', z.string().trim().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be an S3 bucket name' }).optional()),
  S3_REGION: def('storage', z.string().trim().min(1).default('us-east-1')),
  // Both unset: the AWS SDK's own credential chain (AWS_* variables, an instance role).
  S3_ACCESS_KEY_ID: def('storage', text),
  S3_SECRET_ACCESS_KEY: def('storage', z.string().min(1).optional(), true),
  // Most self-hosted S3 servers (Ceph RGW, MinIO, Garage) want path-style URLs.
  S3_FORCE_PATH_STYLE: def('storage', flag),
  MEDIA_S3_REDIRECT: def('storage', flag),
  // Short: a presigned URL cannot be revoked, and the app re-signs on every request anyway.
  MEDIA_S3_REDIRECT_TTL_SECONDS: def('storage', z.coerce.number().int().min(1).max(604_800).default(300)),

  WORKER_CONCURRENCY: def('jobs', z.coerce.number().int().min(1).max(16).default(2)),
  VIDEO_JOB_DEADLINE_SECONDS: def('jobs', positiveInt(1800)),
  VIDEO_POLL_MIN_SECONDS: def('jobs', optionalPositive),
  VIDEO_CALLBACK_COALESCE_SECONDS: def('jobs', seconds(5)),
  QUOTA_VIDEO_JOBS_PER_DAY: def('jobs', z.coerce.number().int().min(0).optional()),
  EVENTS_RETENTION_DAYS: def('jobs', positiveInt(7)),
  // How often an idle event stream gets a comment line, so proxies and browsers keep it open.
  EVENTS_HEARTBEAT_SECONDS: def('jobs', z.coerce.number().min(1).max(300).default(15)),
  // Seconds a webhook endpoint may take to answer one delivery before the attempt counts as failed.
  WEBHOOK_TIMEOUT_SECONDS: def('jobs', z.coerce.number().min(1).max(60).default(15)),
  // Delays before a failed webhook delivery's next attempts (Svix's schedule, about 27.6 h in all);
  // after the last one fails the message is given up. Tests use e.g. `1,1`.
  WEBHOOK_RETRY_SCHEDULE_SECONDS: def('jobs', z.string().default('5,300,1800,7200,18000,36000,36000')
    .transform((v) => v.split(',').map((part) => Number(part.trim())))
    .pipe(z.array(z.number().int().min(1).max(86_400), { error: 'must be whole seconds from 1 to 86400, comma-separated' }).min(1).max(20))),

  RUNWAYML_API_SECRET: def('video providers', text, true),
  RUNWAYML_BASE_URL: def('video providers', z.url().default('https://api.dev.runwayml.com')),
  RUNWAY_TEXT_MODEL: def('video providers', text),
  RUNWAY_IMAGE_MODEL: def('video providers', text),
  KLING_ACCESS_KEY: def('video providers', text, true),
  KLING_SECRET_KEY: def('video providers', text, true),
  KLING_BASE_URL: def('video providers', z.url().default('https://api-singapore.klingai.com')),
  KLING_VIDEO_MODEL: def('video providers', text),
  LUMAAI_API_KEY: def('video providers', text, true),
  LUMAAI_BASE_URL: def('video providers', z.url().default('https://api.lumalabs.ai/dream-machine/v1')),
  LUMA_VIDEO_MODEL: def('video providers', text),
  REPLICATE_API_TOKEN: def('video providers', text, true),
  REPLICATE_BASE_URL: def('video providers', z.url().default('https://api.replicate.com/v1')),
  REPLICATE_WEBHOOK_SECRET: def('video providers', text, true),
  REPLICATE_TEXT_MODEL: def('video providers', text),
  REPLICATE_IMAGE_MODEL: def('video providers', text),
  FAL_KEY: def('video providers', text, true),
  FAL_QUEUE_BASE_URL: def('video providers', z.url().default('https://queue.fal.run')),
  FAL_JWKS_URL: def('video providers', z.url().default('https://rest.alpha.fal.ai/.well-known/jwks.json')),
  FAL_TEXT_MODEL: def('video providers', text),
  FAL_IMAGE_MODEL: def('video providers', text),
  STABILITY_API_KEY: def('video providers', text, true),
  STABILITY_BASE_URL: def('video providers', z.url().default('https://api.stability.ai')),

  OPENAI_API_KEY: def('audio engines', text, true),
  OPENAI_BASE_URL: def('audio engines', z.url().default('https://api.openai.com/v1')),
  OPENAI_TRANSCRIBE_MODEL: def('audio engines', z.string().min(1).default('whisper-1')),
  OPENAI_TRANSCRIBE_MAX_BYTES: def('audio engines', positiveInt(25 * 1024 * 1024)),
  OPENAI_TTS_MODEL: def('audio engines', z.string().min(1).default('gpt-4o-mini-tts')),
  ELEVENLABS_API_KEY: def('audio engines', text, true),
  ELEVENLABS_BASE_URL: def('audio engines', z.url().default('https://api.elevenlabs.io')),
  ELEVENLABS_TTS_MODEL: def('audio engines', z.string().min(1).default('eleven_multilingual_v2')),
  ELEVENLABS_VOICE_ID: def('audio engines', z.string().trim().min(1).default('JBFqnCBsd6RMkjVDRZzb')),
  ELEVENLABS_STT_MODEL: def('audio engines', z.string().min(1).default('scribe_v1')),
  ELEVENLABS_STT_MAX_BYTES: def('audio engines', positiveInt(1_000_000_000)),
  REPLICATE_MUSICGEN_VERSION: def('audio engines', text),
  REPLICATE_MUSICGEN_TIMEOUT_SECONDS: def('audio engines', positiveSeconds(600)),
  REPLICATE_DEMUCS_VERSION: def('audio engines', text),
  REPLICATE_DEMUCS_TIMEOUT_SECONDS: def('audio engines', positiveSeconds(900)),
  SUNO_UNOFFICIAL_API_KEY: def('audio engines', text, true),
  SUNO_UNOFFICIAL_BASE_URL: def('audio engines', url),
  SUNO_UNOFFICIAL_MODEL: def('audio engines', z.string().min(1).default('V4_5')),
  SUNO_UNOFFICIAL_TIMEOUT_SECONDS: def('audio engines', positiveSeconds(600)),
  POCKETSPHINX_MODEL_DIR: def('audio engines', text),

  TEST_PGPORT: def('tests', port(54339)),
  TEST_S3_PGPORT: def('tests', port(54359)),
  E2E_PORT: def('tests', port(3100)),
  E2E_PGPORT: def('tests', port(54349)),
  E2E_FAKE_LUMA_PORT: def('tests', port(3190)),
  // Unset: the Chromium shipped in @sparticuz/chromium (e2e/chromium.ts).
  CHROMIUM_PATH: def('tests', text),
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;
export type SettingValue<K extends SettingName> = z.infer<(typeof SETTINGS)[K]['schema']>;

/** Empty strings count as unset: `FOO= npm start` should mean the default, not an error. */
const rawValue = (name: string): string | undefined => {
  const raw = process.env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

function describeIssue(name: SettingName, error: z.ZodError): string {
  const shown = SETTINGS[name].secret ? '(secret, not shown)' : JSON.stringify(rawValue(name));
  return `${name}=${shown}: ${error.issues.map((i) => i.message).join(', ')}`;
}

const parsed = new Map<string, { raw: string | undefined; value: unknown }>();

/** One setting, validated; re-parsed only when the raw value changed. */
export function setting<K extends SettingName>(name: K): SettingValue<K> {
  const raw = rawValue(name);
  const hit = parsed.get(name);
  if (hit && hit.raw === raw) return hit.value as SettingValue<K>;
  const result = SETTINGS[name].schema.safeParse(raw);
  if (!result.success) throw new ConfigError([describeIssue(name, result.error)]);
  parsed.set(name, { raw, value: result.data });
  return result.data as SettingValue<K>;
}

/** Whether the environment gives NAME a value (an empty one counts as unset), for code that picks its own default. */
export const isSet = (name: SettingName): boolean => rawValue(name) !== undefined;

/** Checks every setting at once; throws a ConfigError naming each bad one. */
export function validateEnvironment(): void {
  const problems: string[] = [];
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const result = SETTINGS[name].schema.safeParse(rawValue(name));
    if (!result.success) problems.push(describeIssue(name, result.error));
  }
  // Settings that only make sense together: checked here so a half-configured S3 stops the start.
  if (rawValue('STORAGE_BACKEND') === 's3' && rawValue('S3_BUCKET') === undefined) problems.push('S3_BUCKET: required when STORAGE_BACKEND=s3');
  if ((rawValue('S3_ACCESS_KEY_ID') === undefined) !== (rawValue('S3_SECRET_ACCESS_KEY') === undefined)) {
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither');
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** A base URL setting without its trailing slash, ready to append paths to. */
export const baseUrl = (name: SettingName): string => String(setting(name)).replace(/\/+$/, '');

export interface AppConfig {
  PORT: number;
  HOST: string;
  DATABASE_URL?: string;
  PGPORT: number;
  PGDATA?: string;
  DATA_DIR: string;
  LOG_LEVEL: SettingValue<'LOG_LEVEL'>;
  WORKER_CONCURRENCY: number;
  dataDir: string;
}

/** The settings the start-up and the storage need together, validated with everything else. */
export function config(): AppConfig {
  validateEnvironment();
  return {
    PORT: setting('PORT'),
    HOST: setting('HOST'),
    DATABASE_URL: setting('DATABASE_URL'),
    PGPORT: setting('PGPORT'),
    PGDATA: setting('PGDATA'),
    DATA_DIR: setting('DATA_DIR'),
    LOG_LEVEL: setting('LOG_LEVEL'),
    WORKER_CONCURRENCY: setting('WORKER_CONCURRENCY'),
    dataDir: path.resolve(setting('DATA_DIR')),
  };
}

/** Tests change the environment between cases; parsed values follow on their own. Kept for callers that reset. */
export function resetConfigForTests(): void {
  parsed.clear();
}
