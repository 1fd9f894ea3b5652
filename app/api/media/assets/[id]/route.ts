import { deleteAsset, getAsset, updateAsset as updateContract } from '@/lib/api/contracts/media';
import { route } from '@/lib/api/route';
import { filesOf, findAsset, toAssetView, trashAsset, updateAsset } from '@/lib/media/assets';

export const dynamic = 'force-dynamic';

const view = async (row: Awaited<ReturnType<typeof findAsset>>) => ({ asset: await toAssetView(row, await filesOf([row.id])) });

// GET /api/media/assets/{id} – one asset with signed URLs
export const GET = route(getAsset, async ({ params }) => view(await findAsset(params.id)));

// PATCH /api/media/assets/{id} – title, description, tags, pinned
export const PATCH = route(updateContract, async ({ params, body }) => view(await updateAsset(params.id, body)));

// DELETE /api/media/assets/{id} – move to the trash
export const DELETE = route(deleteAsset, async ({ params }) => view(await trashAsset(params.id)));
