import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { listenOnLoopback } from './loopback';

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
  envelope: { id: string; type: string; object: string; timestamp: string; data: Record<string, unknown> };
}

/**
 * A webhook receiver on loopback, as an integrator would run one: it records every delivery and
 * answers each path with the statuses it was told (in turn; 200 once they run out).
 */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const answers = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const path = req.url ?? '/';
      received.push({ path, headers, body, envelope: JSON.parse(body) });
      const status = answers.get(path)?.shift() ?? 200;
      // 0: never answer (the sender's timeout ends it); 3xx: a redirect elsewhere on this server.
      if (status === 0) return;
      const location = status >= 300 && status < 400 ? { location: '/redirected' } : {};
      res.writeHead(status, { 'content-type': 'text/plain', ...location }).end(status < 300 ? 'ok' : 'no');
    });
  });
  const { origin, close } = await listenOnLoopback(server);
  return {
    origin,
    close,
    received,
    /** The statuses `path` answers, in turn (0: no answer at all). */
    answer(path: string, statuses: number[]) {
      answers.set(path, [...statuses]);
    },
    at: (path: string) => received.filter((r) => r.path === path),
    /** Throws unless the delivery verifies with `secret`, as a receiver using standardwebhooks would check it. */
    verify(delivery: ReceivedWebhook, secret: string): unknown {
      return new Webhook(secret).verify(delivery.body, delivery.headers);
    },
  };
}
