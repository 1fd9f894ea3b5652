'use client';

import { useEffect, useState, type RefObject } from 'react';

/**
 * The media element's current time, updated every animation frame while it plays (timeupdate
 * alone fires only ~4 times a second, too coarse to follow words) and on every seek.
 */
export function useMediaTime(ref: RefObject<HTMLMediaElement | null>): number {
  const [time, setTime] = useState(0);
  useEffect(() => {
    const media = ref.current;
    if (!media) return;
    let frame = 0;
    const read = () => setTime(media.currentTime);
    const loop = () => {
      read();
      frame = requestAnimationFrame(loop);
    };
    const start = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(loop);
    };
    const stop = () => {
      cancelAnimationFrame(frame);
      read();
    };
    media.addEventListener('play', start);
    media.addEventListener('pause', stop);
    media.addEventListener('ended', stop);
    media.addEventListener('seeked', read);
    media.addEventListener('timeupdate', read);
    if (!media.paused) start();
    return () => {
      cancelAnimationFrame(frame);
      media.removeEventListener('play', start);
      media.removeEventListener('pause', stop);
      media.removeEventListener('ended', stop);
      media.removeEventListener('seeked', read);
      media.removeEventListener('timeupdate', read);
    };
  }, [ref]);
  return time;
}
