import type { Metadata } from 'next';
import { AssetDetail } from '@/components/library/asset-detail';
import { buildStrategyLabels } from '@/components/library/strategy-labels';
import { listCatalog } from '@/lib/strategy';

export const metadata: Metadata = { title: 'Library · Cinemood' };

interface AssetPageProps {
  params: Promise<{ id: string }>;
}

// The page itself only resolves the id and the labels; the asset is fetched in the browser so signed URLs can refresh on focus.
export default async function AssetPage({ params }: AssetPageProps) {
  const { id } = await params;
  return <AssetDetail id={id} labels={buildStrategyLabels(listCatalog())} />;
}
