import { restoreAsset as contract } from '@/lib/api/contracts/media';
import { route } from '@/lib/api/route';
import { filesOf, restoreAsset, toAssetView } from '@/lib/media/assets';

export const dynamic = 'force-dynamic';

// POST /api/media/assets/{id}/restore – bring an asset back from the trash
export const POST = route(contract, async ({ params }) => {
  const row = await restoreAsset(params.id);
  return { asset: await toAssetView(row, await filesOf([row.id])) };
});
