import { getDb, closeDb } from '@/lib/db/client';
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { mediaAssets } from '@/lib/db/schema';

// Helper of bench/pipeline.ts: records an already stored object as a video asset and prints its id.
async function main() {
  const [key, size] = process.argv.slice(2);
  process.env.LOG_LEVEL = 'error';
  const db = await bootstrapDatabase();
  const [row] = await getDb()
    .insert(mediaAssets)
    .values({ assetType: 'video', sourceType: 'uploaded', storageBackend: 'local', storageKey: key, mimeType: 'video/mp4', sizeBytes: Number(size), title: 'bench' })
    .returning({ id: mediaAssets.id });
  console.log(row.id);
  await closeDb();
  await db.stop();
}
void main();
