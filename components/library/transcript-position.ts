export type TimedWord = { word: string; start: number; end: number };

/**
 * The word being spoken at `time`: the last one that has started, so a pause keeps the previous
 * word lit rather than flickering off; -1 before the first word. Binary search: transcripts of
 * long recordings have thousands of words and this runs every animation frame.
 */
export function activeWordIndex(words: TimedWord[], time: number): number {
  let lo = 0;
  let hi = words.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid].start <= time + 0.02) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
