// UDP transport on node:dgram: one unconnected socket per session, so that datagrams from a
// wrong address still reach the session, which counts and drops them (DESIGN.md security).
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import type { DatagramTransport, PeerAddress, TransportFactory } from './transport';

class UdpTransport implements DatagramTransport {
  private closed = false;
  constructor(readonly peer: PeerAddress, private readonly socket: Socket) {}

  send(data: Uint8Array): void {
    if (this.closed) return;
    this.socket.send(data, this.peer.port, this.peer.address);
  }

  onMessage(handler: (data: Uint8Array, from: PeerAddress) => void): void {
    this.socket.on('message', (msg, rinfo) => handler(msg, { address: rinfo.address, port: rinfo.port }));
  }

  onError(handler: (err: Error) => void): void {
    this.socket.on('error', handler);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.removeAllListeners('message');
    this.socket.close();
  }
}

/** Resolves the host name once, then binds an ephemeral local port of the same family. */
export const udpTransportFactory: TransportFactory = async (peer) => {
  const address = isIP(peer.address) ? peer.address : (await lookup(peer.address)).address;
  const family = isIP(address) === 6 ? 'udp6' : 'udp4';
  const socket = createSocket({ type: family });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return new UdpTransport({ address, port: peer.port }, socket);
};
