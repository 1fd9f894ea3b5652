import { eq, inArray } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { appSettings } from '@/lib/db/schema';
import { newSecret, ROTATION_OVERLAP_MS } from './signature';

/**
 * The app-wide secret that signs per-request webhooks (webhook_url on a job or production), kept
 * in app_settings: generated on first use, rotated on request with the previous one signing too
 * for 24 h, like an endpoint's.
 */

const CURRENT = 'webhook_secret';
const PREVIOUS = 'webhook_secret_previous';

export interface AppSecret {
  secret: string;
  previous: { secret: string; until: Date } | null;
}

async function read(): Promise<AppSecret | null> {
  const rows = await getDb().select().from(appSettings).where(inArray(appSettings.key, [CURRENT, PREVIOUS]));
  const current = rows.find((r) => r.key === CURRENT)?.value;
  if (!current) return null;
  const stored = rows.find((r) => r.key === PREVIOUS)?.value;
  const previous = stored ? (JSON.parse(stored) as { secret: string; until: string }) : null;
  return { secret: current, previous: previous ? { secret: previous.secret, until: new Date(previous.until) } : null };
}

export async function appWebhookSecret(): Promise<AppSecret> {
  const found = await read();
  if (found) return found;
  // Several processes may get here at once: the first insert wins and everyone reads it back.
  await getDb().insert(appSettings).values({ key: CURRENT, value: newSecret() }).onConflictDoNothing();
  return (await read()) as AppSecret;
}

/** The secrets a delivery is signed with now. */
export function liveSecrets(s: { secret: string; previous: { secret: string; until: Date } | null }, now = new Date()): string[] {
  return s.previous && s.previous.until > now ? [s.secret, s.previous.secret] : [s.secret];
}

export async function rotateAppWebhookSecret(): Promise<AppSecret> {
  const current = await appWebhookSecret();
  const secret = newSecret();
  const until = new Date(Date.now() + ROTATION_OVERLAP_MS);
  await getDb().transaction(async (tx) => {
    // Locks the row, so two rotations at once do not both keep the same "previous".
    const [row] = await tx.select().from(appSettings).where(eq(appSettings.key, CURRENT)).for('update');
    const previous = JSON.stringify({ secret: row?.value ?? current.secret, until: until.toISOString() });
    await tx.update(appSettings).set({ value: secret }).where(eq(appSettings.key, CURRENT));
    await tx.insert(appSettings).values({ key: PREVIOUS, value: previous }).onConflictDoUpdate({ target: appSettings.key, set: { value: previous } });
  });
  return (await read()) as AppSecret;
}

export function appSecretView(s: AppSecret, now = new Date()) {
  return { secret: s.secret, previous_secret_expires_at: s.previous && s.previous.until > now ? s.previous.until.toISOString() : null };
}
