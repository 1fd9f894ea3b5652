import type { Metadata } from 'next';
import { isAudioTab } from '@/components/audio/audio-labels';
import { AudioStudio } from '@/components/audio/audio-studio';
import { listCatalog } from '@/lib/strategy';

export const metadata: Metadata = { title: 'Audio · Cinemood' };

interface AudioPageProps {
  searchParams: Promise<{ tab?: string | string[] }>;
}

// The mood categories are read from the catalog here on the server, so the browser gets plain data, not the engine.
export default async function AudioPage({ searchParams }: AudioPageProps) {
  const { tab } = await searchParams;
  return <AudioStudio categories={listCatalog().categories} initialTab={isAudioTab(tab) ? tab : 'speech'} />;
}
