// RMCP/ASF Presence Ping (ASF 2.0 §3.2.4.2; IPMI 2.0 §13.2.3): is something answering RMCP on
// this address, and does it say it speaks IPMI / RMCP+? Works without credentials.
import { systemClock, type Clock, type TimerHandle } from './clock';
import { IpmiError } from './errors';
import { encodePing, type AsfPong } from './rmcp/asf';
import { decodeRmcpPacket } from './rmcp/packet';
import { formatPeer, samePeer, type TransportFactory } from './transport';
import { udpTransportFactory } from './transport-udp';

export interface PingOptions {
  port?: number;
  timeoutMs?: number;
  retries?: number;
  clock?: Clock;
  transportFactory?: TransportFactory;
}

export interface PingResult extends AsfPong {
  rttMs: number;
}

export async function presencePing(host: string, opts: PingOptions = {}): Promise<PingResult> {
  const clock = opts.clock ?? systemClock;
  const port = opts.port ?? 623;
  const timeoutMs = opts.timeoutMs ?? 1000;
  const attempts = (opts.retries ?? 2) + 1;
  const transport = await (opts.transportFactory ?? udpTransportFactory)({ address: host, port });
  const bmc = formatPeer({ address: host, port });
  let timer: TimerHandle | undefined;
  try {
    return await new Promise<PingResult>((resolve, reject) => {
      let left = attempts;
      let tag = 0;
      let sentAt = 0;
      transport.onMessage((data, from) => {
        if (!samePeer(from, transport.peer)) return;
        try {
          const p = decodeRmcpPacket(data);
          if (p.kind === 'asf' && p.asf.type === 'pong' && p.asf.pong.tag === tag) resolve({ ...p.asf.pong, rttMs: clock.now() - sentAt });
        } catch {
          // not a pong: keep waiting
        }
      });
      transport.onError((e) => reject(new IpmiError('unsupported', `ping ${bmc}: ${e.message}`, { bmc })));
      const send = (): void => {
        left--;
        tag = (tag + 1) & 0xff;
        sentAt = clock.now();
        transport.send(encodePing({ tag }));
        timer = clock.setTimeout(() => (left > 0 ? send() : reject(new IpmiError('timeout', `no RMCP presence pong from ${bmc} after ${attempts} attempt(s)`, { bmc }))), timeoutMs);
      };
      send();
    });
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
    transport.close();
  }
}
