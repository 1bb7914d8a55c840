// In-memory datagram network for tests: endpoints exchange datagrams through a queue that is
// delivered on a microtask (like a real socket, never synchronously inside send()), with
// optional loss and a hook to inject datagrams from any address.
import type { DatagramTransport, PeerAddress, TransportFactory } from './transport';

type Handler = (data: Uint8Array, from: PeerAddress) => void;

export interface MemoryEndpoint {
  readonly local: PeerAddress;
  send(data: Uint8Array, to: PeerAddress): void;
  onMessage(handler: Handler): void;
  close(): void;
}

export class MemoryNetwork {
  private readonly endpoints = new Map<string, Handler[]>();
  private nextPort = 40_000;
  /** return false to drop a datagram (simulated loss) */
  filter: (data: Uint8Array, from: PeerAddress, to: PeerAddress) => boolean = () => true;
  delivered = 0;
  dropped = 0;

  endpoint(local: PeerAddress): MemoryEndpoint {
    const key = keyOf(local);
    if (this.endpoints.has(key)) throw new Error(`memory endpoint ${key} already bound`);
    const handlers: Handler[] = [];
    this.endpoints.set(key, handlers);
    return {
      local,
      send: (data, to) => this.deliver(Uint8Array.from(data), local, to),
      onMessage: (h) => void handlers.push(h),
      close: () => void this.endpoints.delete(key),
    };
  }

  /** deliver a datagram as if it came from `from` (used to forge wrong-address packets) */
  inject(data: Uint8Array, from: PeerAddress, to: PeerAddress): void {
    this.deliver(Uint8Array.from(data), from, to);
  }

  get openEndpoints(): number {
    return this.endpoints.size;
  }

  factory(localAddress = '127.0.0.1'): TransportFactory {
    return async (peer) => {
      const ep = this.endpoint({ address: localAddress, port: this.nextPort++ });
      const errorHandlers: ((e: Error) => void)[] = [];
      const t: DatagramTransport = {
        peer,
        send: (d) => ep.send(d, peer),
        onMessage: (h) => ep.onMessage(h),
        onError: (h) => void errorHandlers.push(h),
        close: () => ep.close(),
      };
      return t;
    };
  }

  private deliver(data: Uint8Array, from: PeerAddress, to: PeerAddress): void {
    if (!this.filter(data, from, to)) {
      this.dropped++;
      return;
    }
    queueMicrotask(() => {
      const handlers = this.endpoints.get(keyOf(to));
      if (!handlers) return;
      this.delivered++;
      for (const h of handlers) h(data, from);
    });
  }
}

function keyOf(p: PeerAddress): string {
  return `${p.address}|${p.port}`;
}
