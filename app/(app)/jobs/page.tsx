import type { Metadata } from 'next';
import { JobsDashboard } from '@/components/jobs/jobs-dashboard';
import { buildStrategyLabels } from '@/components/library/strategy-labels';
import { listCatalog } from '@/lib/strategy';

export const metadata: Metadata = { title: 'Jobs · Cinemood' };

interface JobsPageProps {
  searchParams: Promise<{ highlight?: string | string[] }>;
}

// Labels are read from the catalog here on the server, so the browser gets plain strings, not the engine.
export default async function JobsPage({ searchParams }: JobsPageProps) {
  const { highlight } = await searchParams;
  const catalog = listCatalog();
  return <JobsDashboard labels={buildStrategyLabels(catalog)} categories={catalog.categories} highlightId={typeof highlight === 'string' ? highlight : null} />;
}
