// Numeric OIDs used by the poller and the trap receiver, and OID arithmetic.
// Numeric on purpose: Debian ships no IETF MIB text, and numbers are what goes on the wire.

/** SNMPv2-MIB system group (RFC 3418 §2), the scalar objects without their `.0`. */
export const SYSTEM = {
  sysDescr: '1.3.6.1.2.1.1.1',
  sysObjectID: '1.3.6.1.2.1.1.2',
  sysUpTime: '1.3.6.1.2.1.1.3',
  sysName: '1.3.6.1.2.1.1.5',
} as const;

/** IF-MIB (RFC 2863) columns the poller reads: ifTable (…2.2.1.N) and ifXTable (…31.1.1.1.N). */
export const IF_COLUMNS = {
  ifDescr: '1.3.6.1.2.1.2.2.1.2',
  ifAdminStatus: '1.3.6.1.2.1.2.2.1.7',
  ifOperStatus: '1.3.6.1.2.1.2.2.1.8',
  ifInDiscards: '1.3.6.1.2.1.2.2.1.13',
  ifInErrors: '1.3.6.1.2.1.2.2.1.14',
  ifOutDiscards: '1.3.6.1.2.1.2.2.1.19',
  ifOutErrors: '1.3.6.1.2.1.2.2.1.20',
  ifName: '1.3.6.1.2.1.31.1.1.1.1',
  ifHCInOctets: '1.3.6.1.2.1.31.1.1.1.6',
  ifHCOutOctets: '1.3.6.1.2.1.31.1.1.1.10',
  ifHighSpeed: '1.3.6.1.2.1.31.1.1.1.15',
  ifAlias: '1.3.6.1.2.1.31.1.1.1.18',
} as const;
export type IfColumn = keyof typeof IF_COLUMNS;

/** ifTable columns read only when the agent has no ifXTable (no 64-bit counters). */
export const IF_LEGACY_COLUMNS = {
  ifSpeed: '1.3.6.1.2.1.2.2.1.5',
  ifInOctets: '1.3.6.1.2.1.2.2.1.10',
  ifOutOctets: '1.3.6.1.2.1.2.2.1.16',
} as const;

/** ifIndex column: linkUp/linkDown traps carry it as a varbind (RFC 2863 §6 notifications). */
export const IF_INDEX = '1.3.6.1.2.1.2.2.1.1';

/** HOST-RESOURCES-MIB (RFC 2790). */
export const HR = {
  hrProcessorLoad: '1.3.6.1.2.1.25.3.3.1.2',
  hrStorageType: '1.3.6.1.2.1.25.2.3.1.2',
  hrStorageDescr: '1.3.6.1.2.1.25.2.3.1.3',
  hrStorageAllocationUnits: '1.3.6.1.2.1.25.2.3.1.4',
  hrStorageSize: '1.3.6.1.2.1.25.2.3.1.5',
  hrStorageUsed: '1.3.6.1.2.1.25.2.3.1.6',
} as const;

/** hrStorageTypes (RFC 2790 §5, hrStorageTypes OBJECT IDENTIFIER ::= { hrStorage 1 }). */
export const HR_STORAGE_TYPES: Record<string, string> = {
  '1.3.6.1.2.1.25.2.1.1': 'other',
  '1.3.6.1.2.1.25.2.1.2': 'ram',
  '1.3.6.1.2.1.25.2.1.3': 'virtualMemory',
  '1.3.6.1.2.1.25.2.1.4': 'fixedDisk',
  '1.3.6.1.2.1.25.2.1.5': 'removableDisk',
  '1.3.6.1.2.1.25.2.1.6': 'floppyDisk',
  '1.3.6.1.2.1.25.2.1.7': 'compactDisc',
  '1.3.6.1.2.1.25.2.1.8': 'ramDisk',
  '1.3.6.1.2.1.25.2.1.9': 'flashMemory',
  '1.3.6.1.2.1.25.2.1.10': 'networkDisk',
};

/** Notification OIDs (RFC 3418 snmpTrapOID, RFC 3416 §4.2.6 sysUpTime.0 first). */
export const TRAP = {
  sysUpTime0: '1.3.6.1.2.1.1.3.0',
  snmpTrapOID0: '1.3.6.1.6.3.1.1.4.1.0',
  snmpTrapAddress0: '1.3.6.1.6.3.18.1.3.0',
  coldStart: '1.3.6.1.6.3.1.1.5.1',
  warmStart: '1.3.6.1.6.3.1.1.5.2',
  linkDown: '1.3.6.1.6.3.1.1.5.3',
  linkUp: '1.3.6.1.6.3.1.1.5.4',
  authenticationFailure: '1.3.6.1.6.3.1.1.5.5',
} as const;

/** usmStats (RFC 3414 §5): a report carrying one of these means the agent refused our USM credentials. */
export const USM_STATS_BASE = '1.3.6.1.6.3.15.1.1';

const OID_RE = /^\.?\d+(\.\d+)*$/;

/** Accepts "1.3.6" or ".1.3.6"; returns the canonical form without a leading dot, or null. */
export function normaliseOid(oid: string): string | null {
  const s = oid.trim();
  if (!OID_RE.test(s)) return null;
  const parts = (s.startsWith('.') ? s.slice(1) : s).split('.');
  // sub-identifiers are 32-bit unsigned (X.690 §8.19, RFC 2578 §3.5)
  if (parts.length > 128 || parts.some((p) => p.length > 10 || Number(p) > 0xffffffff)) return null;
  return parts.map((p) => String(Number(p))).join('.');
}

/** True when `oid` is strictly below `base` in the tree (base itself is not inside). */
export function isUnder(base: string, oid: string): boolean {
  return oid.length > base.length && oid.startsWith(base) && oid.charCodeAt(base.length) === 46; // '.'
}

/** Lexicographic OID order by sub-identifier: negative if a < b. */
export function compareOids(a: string, b: string): number {
  // Scans both strings once without splitting (called for every varbind of a walk).
  // Assumes canonical dotted decimals (no leading zeros), as validOid/normaliseOid ensure.
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    let ei = i;
    while (ei < a.length && a.charCodeAt(ei) !== 46) ei++;
    let ej = j;
    while (ej < b.length && b.charCodeAt(ej) !== 46) ej++;
    // same sub-identifier length: compare digits; else the longer number is larger
    if (ei - i !== ej - j) return ei - i - (ej - j);
    for (let k = 0; k < ei - i; k++) {
      const d = a.charCodeAt(i + k) - b.charCodeAt(j + k);
      if (d !== 0) return d;
    }
    i = ei + 1;
    j = ej + 1;
  }
  return a.length - i - (b.length - j);
}

/** The instance part after `base.` (e.g. "3" for ifIndex 3), or null when not under base. */
export function instanceOf(base: string, oid: string): string | null {
  return isUnder(base, oid) ? oid.slice(base.length + 1) : null;
}
