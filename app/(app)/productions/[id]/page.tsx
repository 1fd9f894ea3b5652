import type { Metadata } from 'next';
import { ProductionDetail } from '@/components/productions/production-detail';
import { buildProductionOptions } from '@/components/productions/production-options';

export const metadata: Metadata = { title: 'Production · Cinemood' };

interface ProductionPageProps {
  params: Promise<{ id: string }>;
}

// The production is fetched in the browser, where it polls while it renders; the editor's choices and limits are read here from the schemas.
export default async function ProductionPage({ params }: ProductionPageProps) {
  const { id } = await params;
  return <ProductionDetail id={id} options={buildProductionOptions()} />;
}
