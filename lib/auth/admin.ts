import { hashPassword, safeEqual, sha256, verifyPassword, randomToken } from '@/lib/auth/crypto';
import { readSetting, writeSettingOnce } from '@/lib/auth/settings';
import { setting } from '@/lib/config';

const SETTING = 'admin_password_hash';

/**
 * Makes sure the creator can log in. With ADMIN_PASSWORD set, that is the password. Otherwise
 * the first start generates one, stores only its hash and returns it, once, to be printed.
 */
export async function ensureAdminPassword(): Promise<{ generated: string | null }> {
  if (setting('ADMIN_PASSWORD')) return { generated: null };
  if (await readSetting(SETTING)) return { generated: null };
  const password = randomToken(18);
  const stored = await writeSettingOnce(SETTING, await hashPassword(password));
  // Another instance may have won the race; then its password stands and ours was never valid.
  return { generated: (await verifyPassword(password, stored)) ? password : null };
}

export async function verifyAdminPassword(candidate: string): Promise<boolean> {
  const fromEnv = setting('ADMIN_PASSWORD');
  if (fromEnv) return safeEqual(sha256(candidate), sha256(fromEnv));
  const stored = await readSetting(SETTING);
  return stored ? verifyPassword(candidate, stored) : false;
}
