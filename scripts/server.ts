import './check-environment';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { config } from '@/lib/config';
import { log } from '@/lib/log';
import { handleApiRequest } from './api';
import { handleMediaRequest } from './media';

// The web process. Next.js serves the app; the byte-serving media routes are answered straight
// from storage by scripts/media.ts, and the other API route handlers are called by scripts/api.ts
// without Next's request pipeline (see each why).

async function main() {
  const cfg = config();
  const app = next({ dev: false, dir: path.resolve(import.meta.dirname, '..'), hostname: cfg.HOST, port: cfg.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const origin = `http://${cfg.HOST}:${cfg.PORT}`;
  const server = http.createServer((req, res) => {
    if (!handleMediaRequest(req, res, origin) && !handleApiRequest(req, res, origin)) void handle(req, res);
  });
  server.listen(cfg.PORT, cfg.HOST, () => log.info('web server listening', { url: origin }));
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void app.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  log.error('web server failed to start', { err });
  process.exit(1);
});
