// A received notification as the rest of the app sees it, and the pure conversion from
// what net-snmp's Receiver hands over (tested through the receiver: golden.test.ts, traps.test.ts).
import snmp, { type ReceiverNotification } from 'net-snmp';
import { IF_INDEX, instanceOf, TRAP } from './oids';
import type { Varbind } from './types';
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

/** net-snmp notification → TrapEvent (pure). null when the PDU is not a notification. */
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
