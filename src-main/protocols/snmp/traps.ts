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
// Informs are acknowledged by net-snmp before the event is emitted.
import dgram, { type RemoteInfo } from 'node:dgram';
import snmp, { type DgramLikeSocket, type ReceiverNotification } from 'net-snmp';
import { readMessageHeader } from './ber';
import { systemClock, type Clock } from './clock';
import { IF_INDEX, instanceOf, TRAP } from './oids';
import type { Varbind } from './types';
import { toNetSnmpUser, type UsmUser } from './usm';
import { num, text, toVarbind } from './varbind';

export type TrapKind = 'linkDown' | 'linkUp' | 'coldStart' | 'warmStart' | 'authenticationFailure' | 'other';

export interface TrapEvent {
  kind: TrapKind;
  /** snmpTrapOID.0 (v2c/v3), or the equivalent built from a v1 trap (RFC 3584 §3.1) */
  trapOid: string;
  /** source address of the datagram */
  agentAddress: string;
  /** snmpTrapAddress.0 or the v1 agent-addr, when present and different from the source */
  claimedAddress?: string;
  version: 'v1' | 'v2c' | 'v3';
  inform: boolean;
  /** v3 user name (communities are secrets and are not reported) */
  user?: string;
  /** from the ifIndex varbind, or the instance of an ifTable/ifXTable varbind */
  ifIndex?: number;
  /** sysUpTime.0 of the sender (TimeTicks), null when the PDU has none */
  uptime: number | null;
  varbinds: Varbind[];
  receivedAt: number;
}

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
      if (!event || (event.version === 'v1' && !opts.acceptV1)) return drop(null, new Error('SNMPv1 trap refused (acceptV1 is off)'), data.rinfo);
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

/** net-snmp notification → TrapEvent (pure; exported for table tests). */
export function normaliseNotification(data: ReceiverNotification, receivedAt: number): TrapEvent | null {
  const { pdu, rinfo } = data;
  const varbinds = (Array.isArray(pdu.varbinds) ? pdu.varbinds : []).map(toVarbind);
  const inform = pdu.type === snmp.PduType.InformRequest;
  let trapOid: string;
  let uptime: number | null;
  let claimed: string | undefined;
  let version: TrapEvent['version'];
  if (pdu.type === snmp.PduType.Trap) {
    // RFC 3584 §3.1: generic 0-5 → snmpTraps.(generic+1); 6 → enterprise.0.specific
    version = 'v1';
    const generic = pdu.generic ?? -1;
    trapOid = generic >= 0 && generic <= 5 ? `1.3.6.1.6.3.1.1.5.${generic + 1}` : `${pdu.enterprise ?? '0.0'}.0.${pdu.specific ?? 0}`;
    uptime = typeof pdu.upTime === 'number' ? pdu.upTime : null;
    claimed = pdu.agentAddr;
  } else if (pdu.type === snmp.PduType.TrapV2 || inform) {
    version = pdu.user !== undefined ? 'v3' : 'v2c';
    // RFC 3416 §4.2.6: varbind 1 is sysUpTime.0, varbind 2 is snmpTrapOID.0
    const up = varbinds.find((v) => v.oid === TRAP.sysUpTime0);
    const oid = varbinds.find((v) => v.oid === TRAP.snmpTrapOID0);
    uptime = num(up) ?? null;
    trapOid = text(oid) ?? '';
    claimed = text(varbinds.find((v) => v.oid === TRAP.snmpTrapAddress0));
  } else {
    return null;
  }
  return {
    kind: kindOf(trapOid),
    trapOid,
    agentAddress: rinfo.address,
    ...(claimed && claimed !== rinfo.address && claimed !== '0.0.0.0' ? { claimedAddress: claimed } : {}),
    version,
    inform,
    ...(version === 'v3' && pdu.user ? { user: pdu.user } : {}),
    ...withIfIndex(varbinds),
    uptime,
    varbinds,
    receivedAt,
  };
}

const KINDS: Record<string, TrapKind> = {
  [TRAP.coldStart]: 'coldStart',
  [TRAP.warmStart]: 'warmStart',
  [TRAP.linkDown]: 'linkDown',
  [TRAP.linkUp]: 'linkUp',
  [TRAP.authenticationFailure]: 'authenticationFailure',
};

function kindOf(trapOid: string): TrapKind {
  return KINDS[trapOid] ?? 'other';
}

const IF_TABLE_ENTRY = '1.3.6.1.2.1.2.2.1';
const IFX_TABLE_ENTRY = '1.3.6.1.2.1.31.1.1.1';

function withIfIndex(varbinds: Varbind[]): { ifIndex?: number } {
  for (const v of varbinds) {
    if (instanceOf(IF_INDEX, v.oid) !== null && typeof v.value === 'number' && v.value > 0) return { ifIndex: v.value };
  }
  for (const v of varbinds) {
    const inst = instanceOf(IF_TABLE_ENTRY, v.oid) ?? instanceOf(IFX_TABLE_ENTRY, v.oid);
    const m = inst?.match(/^\d+\.(\d+)$/);
    if (m) return { ifIndex: Number(m[1]) };
  }
  return {};
}
