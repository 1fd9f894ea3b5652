import { and, asc, desc, eq, gt, type SQL } from 'drizzle-orm';
import { mediaSigner } from '@/lib/auth/signed-url';
import { setting } from '@/lib/config';
import { getDb, getSql } from '@/lib/db/client';
import { events } from '@/lib/db/schema';
import { log } from '@/lib/log';
import { EVENTS_CHANNEL } from './append';
import { matchesFilter, type EventFilter } from './filter';
import { envelopeOf, type EventRow, sseComment, sseFrame } from './frames';

const PAGE = 500;
/** A missed NOTIFY (a LISTEN connection that dropped and came back) is made good within this. */
const SAFETY_POLL_MS = 5000;

/** One connected stream. `write` answers false when the client cannot keep up (it is then dropped). */
export interface Subscriber {
  filter: EventFilter;
  write(frame: Uint8Array): boolean;
  close(): void;
}

interface Entry {
  subscriber: Subscriber;
  /** Live events held back while the subscriber's replay runs. */
  held: Array<{ id: number; frame: Uint8Array }> | null;
  lastId: number;
}

/**
 * The process's one LISTEN connection and the streams it feeds. A NOTIFY only says "there is
 * more": the hub reads every event after the last one it saw, once, and hands each to the
 * subscribers whose filter it matches, so a thousand clients cost one query per burst, not a thousand.
 */
class EventHub {
  private readonly entries = new Set<Entry>();
  private position = 0;
  private ready: Promise<void> | undefined;
  private pulling: Promise<void> | undefined;
  private again = false;
  private timers: NodeJS.Timeout[] = [];
  private unlisten: (() => Promise<void>) | undefined;

  get size(): number {
    return this.entries.size;
  }

  private start(): Promise<void> {
    this.ready ??= (async () => {
      const [last] = await getDb().select({ id: events.id }).from(events).orderBy(desc(events.id)).limit(1);
      this.position = last?.id ?? 0;
      // onlisten runs again after every reconnect: what came meanwhile is read then.
      const listening = await getSql().listen(EVENTS_CHANNEL, () => void this.pull(), () => void this.pull());
      this.unlisten = listening.unlisten;
      const heartbeat = sseComment('heartbeat');
      this.timers = [
        setInterval(() => this.broadcast(heartbeat), setting('EVENTS_HEARTBEAT_SECONDS') * 1000),
        setInterval(() => void this.pull(), SAFETY_POLL_MS),
      ];
      for (const t of this.timers) t.unref();
    })().catch((err) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  /** Reads what is new and fans it out; concurrent calls fold into one more round. */
  pull(): Promise<void> {
    if (this.pulling) {
      this.again = true;
      return this.pulling;
    }
    this.pulling = (async () => {
      try {
        do {
          this.again = false;
          let rows: EventRow[];
          do {
            rows = await getDb().select().from(events).where(gt(events.id, this.position)).orderBy(asc(events.id)).limit(PAGE);
            if (rows.length === 0) break;
            const sign = await mediaSigner();
            for (const row of rows) {
              this.position = row.id;
              let frame: Uint8Array | undefined;
              for (const entry of this.entries) {
                if (!matchesFilter(row, entry.subscriber.filter)) continue;
                frame ??= sseFrame(envelopeOf(row, sign));
                if (entry.held) entry.held.push({ id: row.id, frame });
                else this.deliver(entry, row.id, frame);
              }
            }
          } while (rows.length === PAGE);
        } while (this.again);
      } catch (err) {
        log.warn('event stream read failed; the next notice or poll tries again', { err });
      } finally {
        this.pulling = undefined;
      }
    })();
    return this.pulling;
  }

  private deliver(entry: Entry, id: number, frame: Uint8Array): void {
    if (id <= entry.lastId) return;
    entry.lastId = id;
    if (!entry.subscriber.write(frame)) this.drop(entry);
  }

  private broadcast(frame: Uint8Array): void {
    for (const entry of this.entries) if (!entry.held && !entry.subscriber.write(frame)) this.drop(entry);
  }

  private drop(entry: Entry): void {
    this.entries.delete(entry);
    entry.subscriber.close();
  }

  /**
   * Adds a stream. With `after` (its Last-Event-ID) it first gets every stored event after that id
   * which its filter matches, in order, then the live ones, none twice and none skipped. Answers
   * the function that removes it.
   */
  async subscribe(subscriber: Subscriber, after?: number): Promise<() => void> {
    await this.start();
    const entry: Entry = { subscriber, held: after === undefined ? null : [], lastId: after ?? 0 };
    this.entries.add(entry);
    const remove = () => void this.entries.delete(entry);
    if (after === undefined) return remove;
    try {
      let cursor = after;
      for (;;) {
        const rows = await getDb().select().from(events).where(and(gt(events.id, cursor), filterSql(subscriber.filter))).orderBy(asc(events.id)).limit(PAGE);
        const sign = await mediaSigner();
        for (const row of rows) {
          if (this.entries.has(entry) && matchesFilter(row, subscriber.filter)) this.deliver(entry, row.id, sseFrame(envelopeOf(row, sign)));
        }
        if (rows.length < PAGE) break;
        cursor = rows[rows.length - 1].id;
      }
    } finally {
      const held = entry.held ?? [];
      entry.held = null;
      for (const h of held) if (this.entries.has(entry)) this.deliver(entry, h.id, h.frame);
    }
    return remove;
  }

  /** For tests and shutdown: stops listening and closes every stream. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const entry of [...this.entries]) this.drop(entry);
    await this.unlisten?.().catch(() => {});
    this.unlisten = undefined;
    this.ready = undefined;
  }
}

function filterSql(f: EventFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (f.jobId) parts.push(eq(events.jobId, f.jobId));
  if (f.productionId) parts.push(eq(events.productionId, f.productionId));
  if (f.universeId) parts.push(eq(events.universeId, f.universeId));
  // Types are matched in memory: a replay reads at most the events since the client's last one.
  return parts.length ? and(...parts) : undefined;
}

export const eventHub = new EventHub();
