// A scripted UDP peer in front of a real agent: forwards each request upstream and lets
// the test rewrite, multiply or drop the answer. One upstream socket per client address,
// so answers go back to whoever asked.
import dgram, { type RemoteInfo } from 'node:dgram';

export interface ProxyHooks {
  /** inspect a request; return false to drop it */
  onRequest?(req: Buffer, from: RemoteInfo): boolean | void;
  /** datagrams to send back for one upstream answer (default: the answer itself) */
  onResponse?(res: Buffer, req: Buffer | undefined): Buffer[];
}

export interface UdpProxy {
  port: number;
  /** send a raw datagram to a client seen earlier */
  sendTo(buf: Buffer, to: RemoteInfo): void;
  clients(): RemoteInfo[];
  close(): Promise<void>;
}

export async function startUdpProxy(listenPort: number, upstreamPort: number, hooks: ProxyHooks = {}): Promise<UdpProxy> {
  const front = dgram.createSocket('udp4');
  const ups = new Map<string, { sock: dgram.Socket; client: RemoteInfo; last?: Buffer }>();
  front.on('message', (req, from) => {
    if (hooks.onRequest?.(req, from) === false) return;
    const key = `${from.address}:${from.port}`;
    let up = ups.get(key);
    if (!up) {
      const sock = dgram.createSocket('udp4');
      const entry: { sock: dgram.Socket; client: RemoteInfo; last?: Buffer } = { sock, client: from };
      sock.on('message', (res) => {
        const out = hooks.onResponse ? hooks.onResponse(res, entry.last) : [res];
        for (const b of out) front.send(b, from.port, from.address);
      });
      ups.set(key, (up = entry));
    }
    up.last = req;
    up.sock.send(req, upstreamPort, '127.0.0.1');
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.bind(listenPort, '127.0.0.1', () => resolve());
  });
  return {
    port: listenPort,
    sendTo: (buf, to) => front.send(buf, to.port, to.address),
    clients: () => [...ups.values()].map((u) => u.client),
    close: async () => {
      for (const u of ups.values()) u.sock.close();
      await new Promise<void>((r) => front.close(() => r()));
    },
  };
}
