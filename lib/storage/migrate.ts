import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, asc, eq, gt } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { assetFiles, mediaAssets } from '@/lib/db/schema';
import { log } from '@/lib/log';
import { StorageError } from '@/lib/storage/errors';
import { localDiskStorage, s3Storage } from '@/lib/storage';
import type { Storage } from '@/lib/storage/types';

// storage:migrate (scripts/storage-migrate.ts): every asset on local disk, with its derived files,
// copied into the bucket, each object verified (size, and a sha256 computed while streaming each
// side), and only then the asset's `storage_backend` switched, in a transaction that checks its
// files did not change meanwhile. Reads follow the row, so the app keeps serving throughout: a row
// not yet switched reads from disk, a switched one from the bucket. A rerun skips switched rows
// and re-verifies (rather than re-copies) objects an interrupted run already copied.

export interface MigrateOptions {
  dryRun?: boolean;
  /** Remove the disk copies of an asset once its row points at the bucket. */
  deleteLocal?: boolean;
  /** One line per asset, for a person watching. */
  progress?: (line: string) => void;
}

export interface MigrateSummary {
  dryRun: boolean;
  /** Assets still on local disk when the run started. */
  assets: number;
  objects: number;
  bytes: number;
  copied: number;
  /** Objects an earlier, interrupted run had copied already (verified again, not copied again). */
  alreadyThere: number;
  switched: number;
  deletedLocal: number;
  failed: Array<{ assetId: string; reason: string }>;
}

const BATCH = 100;

/** A pass-through stream that hashes what goes by. */
function hasher(): { stream: Transform; digest: () => string; bytes: () => number } {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex'), bytes: () => bytes };
}

async function sha256Of(storage: Storage, key: string): Promise<string> {
  const h = hasher();
  await pipeline(await storage.read(key), h.stream, async (source) => {
    for await (const _ of source);
  });
  return h.digest();
}

/** Copies one object unless the bucket already holds the same bytes; verifies the bucket's copy either way. */
async function copyVerified(from: Storage, to: Storage, key: string): Promise<'copied' | 'already there'> {
  const local = await from.stat(key);
  if (!local) throw new Error(`${key} is missing on local disk`);
  const sourceHash = hasher();
  let outcome: 'copied' | 'already there' = 'already there';
  const existing = await to.stat(key);
  if (existing?.size === local.size) {
    await pipeline(await from.read(key), sourceHash.stream, async (source) => {
      for await (const _ of source);
    });
  } else {
    outcome = 'copied';
    await to.put(key, (await from.read(key)).pipe(sourceHash.stream));
  }
  const remote = await to.stat(key);
  const remoteHash = remote ? await sha256Of(to, key) : '';
  const localHash = sourceHash.digest();
  if (!remote || remote.size !== local.size || remoteHash !== localHash) {
    if (outcome === 'copied') await to.delete(key);
    else if (remote) {
      // A stale copy (same size, other bytes): replaced on the next run.
      await to.delete(key);
    }
    throw new Error(`${key}: the bucket's copy does not match (${remote?.size ?? 'no'} bytes, sha256 ${remoteHash.slice(0, 12)} ≠ ${local.size} bytes, ${localHash.slice(0, 12)})`);
  }
  return outcome;
}

/** Points the asset at the bucket if it is still on disk with exactly the files that were copied. */
async function switchAsset(assetId: string, copiedKeys: Set<string>): Promise<'switched' | 'gone' | 'changed'> {
  return getDb().transaction(async (tx) => {
    // Locked against saveDerived (lib/media/derive.ts), which reads the backend under a share lock.
    const [row] = await tx.select({ key: mediaAssets.storageKey, backend: mediaAssets.storageBackend }).from(mediaAssets).where(eq(mediaAssets.id, assetId)).for('update');
    if (row?.backend !== 'local') return 'gone';
    const files = await tx.select({ key: assetFiles.storageKey }).from(assetFiles).where(eq(assetFiles.assetId, assetId));
    if (!copiedKeys.has(row.key) || files.some((f) => !copiedKeys.has(f.key))) return 'changed';
    await tx.update(mediaAssets).set({ storageBackend: 's3' }).where(eq(mediaAssets.id, assetId));
    return 'switched';
  });
}

export async function migrateLocalToS3(options: MigrateOptions = {}): Promise<MigrateSummary> {
  const from = localDiskStorage();
  const to = s3Storage();
  const problem = await to.diagnose();
  if (problem) throw new StorageError(`the bucket cannot be used: ${problem}`, true);
  const say = options.progress ?? (() => {});
  const db = getDb();
  const summary: MigrateSummary = { dryRun: Boolean(options.dryRun), assets: 0, objects: 0, bytes: 0, copied: 0, alreadyThere: 0, switched: 0, deletedLocal: 0, failed: [] };

  let after = '';
  for (;;) {
    const page = await db
      .select({ id: mediaAssets.id, key: mediaAssets.storageKey })
      .from(mediaAssets)
      .where(and(eq(mediaAssets.storageBackend, 'local'), after ? gt(mediaAssets.id, after) : undefined))
      .orderBy(asc(mediaAssets.id))
      .limit(BATCH);
    if (page.length === 0) break;
    after = page[page.length - 1].id;
    for (const asset of page) {
      summary.assets++;
      const files = await db.select({ key: assetFiles.storageKey }).from(assetFiles).where(eq(assetFiles.assetId, asset.id));
      const keys = [asset.key, ...files.map((f) => f.key)];
      try {
        for (const key of keys) {
          const local = await from.stat(key);
          if (!local) throw new Error(`${key} is missing on local disk`);
          summary.objects++;
          summary.bytes += local.size;
          if (options.dryRun) continue;
          if ((await copyVerified(from, to, key)) === 'copied') summary.copied++;
          else summary.alreadyThere++;
        }
        if (options.dryRun) {
          say(`would copy asset ${asset.id} (${keys.length} objects)`);
          continue;
        }
        const switched = await switchAsset(asset.id, new Set(keys));
        if (switched === 'changed') throw new Error('its files changed during the copy; run again to copy the new ones');
        if (switched === 'gone') {
          // Deleted (or moved by another run) meanwhile: the copies in the bucket would be orphans, unless that run owns them.
          const [row] = await db.select({ backend: mediaAssets.storageBackend }).from(mediaAssets).where(eq(mediaAssets.id, asset.id));
          if (!row) for (const key of keys) await to.delete(key);
          say(`asset ${asset.id}: ${row ? 'already moved' : 'deleted during the copy'}`);
          continue;
        }
        summary.switched++;
        if (options.deleteLocal) for (const key of keys) if (await from.delete(key)) summary.deletedLocal++;
        say(`moved asset ${asset.id} (${keys.length} objects)`);
      } catch (err) {
        if (err instanceof StorageError) throw err;
        const reason = (err as Error).message;
        summary.failed.push({ assetId: asset.id, reason });
        log.warn('storage migration of an asset failed', { assetId: asset.id, reason });
        say(`FAILED asset ${asset.id}: ${reason}`);
      }
    }
  }
  return summary;
}
