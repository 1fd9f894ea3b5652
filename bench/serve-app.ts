import http from 'node:http';
import { closeDb } from '@/lib/db/client';
import { setting } from '@/lib/config';
import { handleMediaRequest } from '@/scripts/media';

// Helper of bench/serve.ts: the web process's media serving (the module scripts/server.ts hands
// every media request to) on its own HTTP server, without the Next.js app around it, so the
// bench needs no production build and the RSS it reads is the media path's. The database
// (DATABASE_URL) and the settings come from the environment, as for the real server.

const port = setting('PORT');
const host = setting('HOST');
const origin = `http://${host}:${port}`;
const server = http.createServer((req, res) => {
  if (!handleMediaRequest(req, res, origin)) res.writeHead(404).end();
});
server.listen(port, host);
const stop = () => {
  server.close();
  server.closeAllConnections();
  void closeDb().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
