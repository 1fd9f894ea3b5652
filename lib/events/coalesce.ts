/**
 * At most one event per key every `intervalMs` (job.progress: about 2 a second per job), and never
 * a last value lost: an update inside the window schedules one trailing emit at its end, which
 * reads the resource as it is then.
 */
export class Coalescer {
  private readonly last = new Map<string, number>();
  private readonly trailing = new Map<string, NodeJS.Timeout>();

  constructor(private readonly intervalMs: number) {}

  /** True when an event may go out now for `key` (and counts it as gone). */
  take(key: string, now = Date.now()): boolean {
    const previous = this.last.get(key);
    if (previous !== undefined && now - previous < this.intervalMs) return false;
    this.last.set(key, now);
    this.cancel(key);
    if (this.last.size > 10_000) for (const [k, at] of this.last) if (now - at > this.intervalMs) this.last.delete(k);
    return true;
  }

  /** Runs `emit` once at the end of the key's window, unless an event goes out before then. */
  trail(key: string, emit: () => Promise<void>, now = Date.now()): void {
    if (this.trailing.has(key)) return;
    const wait = Math.max(0, this.intervalMs - (now - (this.last.get(key) ?? 0)));
    const timer = setTimeout(() => {
      this.trailing.delete(key);
      this.last.set(key, Date.now());
      void emit().catch(() => {});
    }, wait);
    timer.unref();
    this.trailing.set(key, timer);
  }

  /** A settling event makes any trailing one pointless. */
  cancel(key: string): void {
    const timer = this.trailing.get(key);
    if (timer) clearTimeout(timer);
    this.trailing.delete(key);
  }
}
