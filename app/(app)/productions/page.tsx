import type { Metadata } from 'next';
import { ProductionsList } from '@/components/productions/productions-list';

export const metadata: Metadata = { title: 'Productions · Cinemood' };

export default function ProductionsPage() {
  return <ProductionsList />;
}
