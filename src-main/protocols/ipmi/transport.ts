// The datagram transport is injected: sessions talk to a `DatagramTransport` bound to one BMC,
// obtained from a `TransportFactory`. The real one is UDP (transport-udp.ts); tests use the
// in-memory network (transport-memory.ts).

export interface PeerAddress {
  address: string;
  port: number;
}

export interface DatagramTransport {
  /** the BMC this transport sends to */
  readonly peer: PeerAddress;
  send(data: Uint8Array): void;
  /** every datagram that arrives, with its source (the session drops those not from `peer`) */
  onMessage(handler: (data: Uint8Array, from: PeerAddress) => void): void;
  /** a socket-level error; the session treats it as fatal */
  onError(handler: (err: Error) => void): void;
  close(): void;
}

export type TransportFactory = (peer: PeerAddress) => Promise<DatagramTransport>;

export function samePeer(a: PeerAddress, b: PeerAddress): boolean {
  return a.port === b.port && normaliseAddress(a.address) === normaliseAddress(b.address);
}

/** "::ffff:127.0.0.1" and "127.0.0.1" are the same sender */
function normaliseAddress(a: string): string {
  return a.startsWith('::ffff:') ? a.slice(7) : a.toLowerCase();
}

export function formatPeer(p: PeerAddress): string {
  return p.address.includes(':') ? `[${p.address}]:${p.port}` : `${p.address}:${p.port}`;
}
