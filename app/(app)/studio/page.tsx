import type { Metadata } from 'next';
import { Studio } from '@/components/studio/studio';
import { listCatalog, MAX_VARIATIONS, PROMPT_MAX } from '@/lib/strategy';

export const metadata: Metadata = { title: 'Studio · Cinemood' };

// The catalog and limits are read here on the server, so the browser bundle carries only plain data, not the engine.
export default function StudioPage() {
  return <Studio catalog={listCatalog()} limits={{ promptMax: PROMPT_MAX, maxVariations: MAX_VARIATIONS }} />;
}
