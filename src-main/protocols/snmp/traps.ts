// Trap/inform receiver: v2c communities and v3 USM users, on net-snmp's Receiver.
//
// Every datagram is counted. It becomes one typed TrapEvent, or it is dropped and counted:
//   oversize     → larger than maxPacketBytes, never decoded;
//   decodeErrors → not an SNMP message by our own strict header check (ber.ts; net-snmp
//                  alone accepts e.g. version 2 or a SET as the outer tag), net-snmp could
//                  not decode it, or net-snmp threw while handling it (caught here: its
//                  Receiver sends v3 reports outside its own try/catch);
//   authFailures → unknown community / v3 user, wrong digest, undecryptable;
//   dropped      → everything not emitted (the three above, v1 when not accepted, and
//                  PDUs that are not notifications);
//   reports      → v3 messages net-snmp answered with a Report PDU and nothing else
//                  (engine discovery before an inform, or an inform from an unknown user).
// So received = events + dropped + reports, always.
// Informs are acknowledged by net-snmp before the event is emitted. Events: trap-event.ts.
import dgram, { type RemoteInfo } from 'node:dgram';
import snmp, { type DgramLikeSocket } from 'net-snmp';
import { readMessageHeader } from './ber';
import { systemClock, type Clock } from './clock';
import { normaliseNotification, type TrapEvent } from './trap-event';
import { toNetSnmpUser, type UsmUser } from './usm';

export type TrapUser = UsmUser;

export interface TrapReceiverOptions {
  /** UDP port (default 162; 0 = any free port, see `port` on the result) */
  port?: number;
  /** bind address (default 127.0.0.1: listening on the network is a deliberate choice) */
  address?: string;
  /** v1/v2c communities accepted (default ["public"]) */
  communities?: string[];
  /** v3 USM users accepted */
  users?: TrapUser[];
  /** accept SNMPv1 Trap-PDUs (default false) */
  acceptV1?: boolean;
  /** larger datagrams are dropped undecoded (default 16 KiB) */
  maxPacketBytes?: number;
  /** receive buffer asked of the OS, for trap storms (default 1 MiB; capped by rmem_max) */
  recvBufferBytes?: number;
  /** hex engine ID for informs (default: random, from net-snmp) */
  engineID?: string;
  clock?: Clock;
  onTrap: (event: TrapEvent) => void;
  /** drops and socket errors, for logging; never required */
  onError?: (err: Error, rinfo?: RemoteInfo) => void;
}

export interface TrapCounters {
  received: number;
  events: number;
  dropped: number;
  decodeErrors: number;
  authFailures: number;
  oversize: number;
  /** answered with a v3 Report PDU only (discovery, unknown user on an inform) */
  reports: number;
  /** exceptions thrown by onTrap (caught; the receiver keeps going) */
  handlerErrors: number;
}

export interface TrapReceiver {
  readonly port: number;
  readonly address: string;
  counters(): TrapCounters;
  close(): Promise<void>;
}

export async function startTrapReceiver(opts: TrapReceiverOptions): Promise<TrapReceiver> {
  const clock = opts.clock ?? systemClock;
  const max = opts.maxPacketBytes ?? 16 * 1024;
  const address = opts.address ?? '127.0.0.1';
  const c: TrapCounters = { received: 0, events: 0, dropped: 0, decodeErrors: 0, authFailures: 0, oversize: 0, reports: 0, handlerErrors: 0 };
  const drop = (kind: 'decodeErrors' | 'authFailures' | null, err: Error, rinfo?: RemoteInfo) => {
    c.dropped++;
    if (kind) c[kind]++;
    opts.onError?.(err, rinfo);
  };

  let socket: dgram.Socket | undefined;
  const dgramModule = {
    createSocket(type: 'udp4' | 'udp6'): DgramLikeSocket {
      const s = dgram.createSocket(type);
      const on = s.on.bind(s);
      // Guard net-snmp's message handler: size limit first, then any exception it throws.
      s.on = ((event: string, listener: (...args: unknown[]) => void) => {
        if (event !== 'message') return on(event, listener);
        const handle = listener as unknown as (buf: Buffer, rinfo: RemoteInfo) => void;
        return on('message', (buf: Buffer, rinfo: RemoteInfo) => {
          c.received++;
          if (buf.length > max) {
            c.oversize++;
            drop(null, new Error(`trap of ${buf.length} bytes > ${max}`), rinfo);
            return;
          }
          if (!readMessageHeader(buf)) {
            drop('decodeErrors', new Error('not an SNMP message'), rinfo);
            return;
          }
          const accounted = c.events + c.dropped;
          try {
            handle(buf, rinfo); // net-snmp calls back synchronously (event or error) …
          } catch (err) {
            drop('decodeErrors', err instanceof Error ? err : new Error(String(err)), rinfo);
          }
          if (c.events + c.dropped === accounted) c.reports++; // … or only sent a Report
        });
      }) as typeof s.on;
      s.once('listening', () => {
        try {
          s.setRecvBufferSize(opts.recvBufferBytes ?? 1024 * 1024);
        } catch {
          /* the OS may refuse: the default buffer still works */
        }
      });
      socket = s;
      return s as unknown as DgramLikeSocket;
    },
  };

  const receiver = snmp.createReceiver(
    { port: opts.port ?? 162, address, transport: address.includes(':') ? 'udp6' : 'udp4', includeAuthentication: true, dgramModule, ...(opts.engineID ? { engineID: opts.engineID } : {}) },
    (err, data) => {
      if (err) {
        const e = err as Error & { rinfo?: RemoteInfo; syscall?: string };
        if (e.syscall) return opts.onError?.(e); // socket error (bind, …), not a packet
        // net-snmp wraps decode failures in a ProcessingError (a class it does not export)
        if (e.name === 'ProcessingError') return drop('decodeErrors', e, e.rinfo);
        if (/community|user|authenticat|digest|decrypt|privacy/i.test(e.message)) return drop('authFailures', e, e.rinfo);
        return drop(null, e, e.rinfo);
      }
      if (!data) return;
      let event: TrapEvent | null;
      try {
        event = normaliseNotification(data, clock.now());
      } catch (e2) {
        return drop('decodeErrors', e2 instanceof Error ? e2 : new Error(String(e2)), data.rinfo);
      }
      if (!event) return drop(null, new Error(`not a notification (PDU type ${data.pdu.type})`), data.rinfo);
      if (event.version === 'v1' && !opts.acceptV1) return drop(null, new Error('SNMPv1 trap refused (acceptV1 is off)'), data.rinfo);
      c.events++;
      try {
        opts.onTrap(event);
      } catch (e3) {
        c.handlerErrors++;
        opts.onError?.(e3 instanceof Error ? e3 : new Error(String(e3)));
      }
    },
  );
  const auth = receiver.getAuthorizer();
  for (const community of opts.communities ?? ['public']) auth.addCommunity(community);
  for (const u of opts.users ?? []) auth.addUser(toNetSnmpUser(u));

  const s = socket;
  if (!s) throw new Error('net-snmp did not create its socket through dgramModule');
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    s.once('error', onError);
    s.once('listening', () => {
      s.off('error', onError);
      resolve();
    });
  }).catch((e: unknown) => {
    s.close();
    throw e;
  });
  const bound = s.address();
  let closed: Promise<void> | undefined;
  return {
    port: bound.port,
    address: bound.address,
    counters: () => ({ ...c }),
    close: () => (closed ??= new Promise<void>((resolve) => receiver.close(() => resolve()))),
  };
}
