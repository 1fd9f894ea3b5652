import type { Metadata } from 'next';
import { LibraryBrowser } from '@/components/library/library-browser';

export const metadata: Metadata = { title: 'Library · Cinemood' };

export default function LibraryPage() {
  return <LibraryBrowser />;
}
