import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts a test server on 127.0.0.1 (port 0 = any free one); `close` also drops kept-alive connections. */
export async function listenOnLoopback(server: http.Server, port = 0): Promise<{ origin: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
