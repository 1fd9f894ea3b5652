import { useState } from 'react';
import { signedPath } from './media-format';

/**
 * Every API response signs media URLs afresh, so a poll or refetch hands out a new URL for
 * the same file. Keeping the first one stops <img> and <video> from reloading each time;
 * a URL for a different file (or none) replaces it at once.
 */
export function useStableSignedUrl(url: string | null): string | null {
  const [kept, setKept] = useState(url);
  const samePath = signedPath(kept) === signedPath(url);
  // Adjusting state while rendering, React's pattern for values derived from changing props.
  if (!samePath) setKept(url);
  return samePath ? kept : url;
}
