import { and, eq, inArray } from 'drizzle-orm';
import { notFound } from '@/lib/errors';
import { getDb } from '@/lib/db/client';
import { assetFiles } from '@/lib/db/schema';
import { findAsset } from '@/lib/media/assets';
import { storageFor } from '@/lib/storage';
import { serveStoredObject } from '@/lib/storage/serve';

/** Serves an asset's poster (its waveform for audio) or sprite; 404 until the thumbnail job made it. */
export async function serveDerivedFile(request: Request, assetId: string, kind: 'thumbnail' | 'sprite'): Promise<Response> {
  // Derived files live in the backend of their asset (lib/media/derive.ts).
  const asset = await findAsset(assetId);
  const kinds = kind === 'thumbnail' ? (['thumbnail', 'waveform'] as const) : (['sprite'] as const);
  const [file] = await getDb()
    .select()
    .from(assetFiles)
    .where(and(eq(assetFiles.assetId, assetId), inArray(assetFiles.kind, [...kinds])));
  if (!file) throw notFound(kind);
  return serveStoredObject(request, { storage: storageFor(asset.storageBackend), key: file.storageKey, contentType: file.mimeType, cacheControl: 'private, max-age=86400' });
}
