// A loopback TCP relay in front of the test PostgreSQL, so a test can pull the cable:
// cut() drops every open connection (as a lost network does), block() refuses new ones
// until unblock(). Clients point at proxy.port instead of the server's port.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Drops every open connection at once. */
  cut(): void;
  /** From now on, new connections are closed at once (the network is gone). */
  block(): void;
  unblock(): void;
  connections(): number;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number, listenPort = 0): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let blocked = false;
  const server: Server = createServer((client) => {
    if (blocked) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    cut() {
      for (const s of open) s.destroy();
      open.clear();
    },
    block() {
      blocked = true;
    },
    unblock() {
      blocked = false;
    },
    connections: () => open.size / 2,
    async close() {
      for (const s of open) s.destroy();
      open.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
