import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { setting } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import { appSettings } from '@/lib/db/schema';

export async function readSetting(key: string): Promise<string | null> {
  const rows = await getDb().select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key));
  return rows[0]?.value ?? null;
}

/** Stores `value` unless the key exists; returns whichever value won (several instances may race). */
export async function writeSettingOnce(key: string, value: string): Promise<string> {
  await getDb().insert(appSettings).values({ key, value }).onConflictDoNothing();
  return (await readSetting(key)) ?? value;
}

export async function writeSetting(key: string, value: string): Promise<void> {
  await getDb().insert(appSettings).values({ key, value }).onConflictDoUpdate({ target: appSettings.key, set: { value } });
}

let signingSecret: Promise<Buffer> | undefined;

/** SIGNING_SECRET from the environment, else one generated on first start and kept in the database. */
export function getSigningSecret(): Promise<Buffer> {
  signingSecret ??= (async () => {
    const fromEnv = setting('SIGNING_SECRET');
    if (fromEnv) return Buffer.from(fromEnv, 'utf8');
    const stored = await writeSettingOnce('signing_secret', randomBytes(32).toString('base64url'));
    return Buffer.from(stored, 'utf8');
  })().catch((err) => {
    signingSecret = undefined;
    throw err;
  });
  return signingSecret;
}

export function forgetCachedSecretsForTests(): void {
  signingSecret = undefined;
}
