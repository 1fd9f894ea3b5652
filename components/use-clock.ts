'use client';

import { useEffect, useState } from 'react';

const CLOCK_TICK_MS = 30_000;

/** "Now", ticking every 30 s, so relative times ("3 min ago") keep moving after polling stops. */
export function useClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), CLOCK_TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}
