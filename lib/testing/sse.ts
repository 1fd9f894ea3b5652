import http from 'node:http';

export interface SseEvent {
  id: string;
  event: string;
  data: { id: string; type: string; object: string; timestamp: string; data: Record<string, unknown> };
}

/**
 * A Server-Sent Events client on a raw socket, parsing frames as a browser does (id, event, data,
 * comments): what tests and benches see is what went over the wire.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  body = '';
  private req: http.ClientRequest | undefined;
  private waiters: Array<() => void> = [];
  onEvent?: (event: SseEvent) => void;

  /** Resolves once the answer's headers are in; a non-200 answer's body is read whole. */
  connect(url: string, headers: Record<string, string> = {}): Promise<this> {
    return new Promise((resolve, reject) => {
      this.req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        this.status = res.statusCode ?? 0;
        this.headers = res.headers;
        res.setEncoding('utf8');
        if (this.status !== 200) {
          res.on('data', (chunk: string) => (this.body += chunk));
          res.on('end', () => resolve(this));
          return;
        }
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
            this.parse(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        });
        res.on('error', () => {});
        resolve(this);
      });
      this.req.on('error', reject);
    });
  }

  private parse(block: string): void {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
    }
    if (fields.data !== undefined) {
      const event = { id: fields.id ?? '', event: fields.event ?? 'message', data: JSON.parse(fields.data) };
      this.events.push(event);
      this.onEvent?.(event);
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Waits until `until` holds for what has arrived. */
  async waitFor(until: (client: this) => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!until(this)) {
      if (Date.now() > deadline) throw new Error(`SSE: condition not met in ${timeoutMs} ms; got ${this.events.map((e) => e.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  close(): void {
    this.req?.destroy();
  }
}
