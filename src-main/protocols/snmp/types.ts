// Public types of the SNMP library (what pollers, the CLI and the trap consumer see).

export type AuthProtocol = 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
export type PrivProtocol = 'des' | 'aes' | 'aes256b' | 'aes256r';

export interface V2cCredentials {
  version: 'v2c';
  community: string;
}

/** SNMPv3 USM. The security level follows from the keys given: none → noAuthNoPriv,
 * authKey → authNoPriv, authKey + privKey → authPriv. Keys are pass phrases (RFC 3414 A.2),
 * localized per agent engine ID by net-snmp. */
export interface V3Credentials {
  version: 'v3';
  user: string;
  authProtocol?: AuthProtocol;
  authKey?: string;
  privProtocol?: PrivProtocol;
  privKey?: string;
  /** SNMPv3 context name (snmpsim uses it to pick a device). */
  context?: string;
}

export type Credentials = V2cCredentials | V3Credentials;

export interface SnmpTarget {
  /** IP address or host name (resolved once per session). */
  host: string;
  /** UDP port, default 161. */
  port?: number;
  credentials: Credentials;
}

export type VarbindType =
  | 'Boolean' | 'Integer' | 'BitString' | 'OctetString' | 'Null' | 'OID' | 'IpAddress'
  | 'Counter32' | 'Gauge32' | 'TimeTicks' | 'Opaque' | 'Counter64'
  | 'NoSuchObject' | 'NoSuchInstance' | 'EndOfMibView' | 'Unknown';

/** A decoded variable binding. Counters (Counter32, Counter64) are bigint; Integer, Gauge32
 * and TimeTicks are number; OctetString is text when it is printable UTF-8, otherwise
 * "0x" + hex (the raw bytes are in `bytes`); exceptions and Null are null. */
export interface Varbind {
  oid: string;
  type: VarbindType;
  value: number | bigint | string | boolean | null;
  bytes?: Buffer;
}

export interface SystemGroup {
  sysDescr?: string;
  sysObjectID?: string;
  /** sysUpTime.0 in TimeTicks (hundredths of a second since the agent's (re)start). */
  sysUpTime?: number;
  sysName?: string;
}

/** One IF-MIB row, keyed by ifIndex. Absent columns are undefined (old agents have no
 * ifXTable: no ifName/ifAlias/HC counters/ifHighSpeed). */
export interface InterfaceRow {
  ifIndex: number;
  ifName?: string;
  ifAlias?: string;
  ifDescr?: string;
  /** 1 up, 2 down, 3 testing, 4 unknown, 5 dormant, 6 notPresent, 7 lowerLayerDown */
  ifOperStatus?: number;
  /** 1 up, 2 down, 3 testing */
  ifAdminStatus?: number;
  /** Mbit/s (Gauge32) */
  ifHighSpeed?: number;
  ifHCInOctets?: bigint;
  ifHCOutOctets?: bigint;
  ifInErrors?: bigint;
  ifOutErrors?: bigint;
  ifInDiscards?: bigint;
  ifOutDiscards?: bigint;
  /** Only for agents without ifXTable (no HC counters): the 32-bit ifInOctets/ifOutOctets
   * (they wrap every 34 s at 1 Gbit/s — poll such devices often) and ifSpeed in bit/s. */
  ifInOctets?: bigint;
  ifOutOctets?: bigint;
  ifSpeed?: number;
}

export type StorageKind =
  | 'other' | 'ram' | 'virtualMemory' | 'fixedDisk' | 'removableDisk' | 'floppyDisk'
  | 'compactDisc' | 'ramDisk' | 'flashMemory' | 'networkDisk' | 'unknown';

export interface StorageRow {
  index: number;
  kind: StorageKind;
  typeOid?: string;
  descr?: string;
  allocationUnits?: number;
  /** in allocation units */
  size?: number;
  /** in allocation units */
  used?: number;
  /** size × units; exact up to 2^53 bytes (8 PiB) */
  totalBytes?: number;
  usedBytes?: number;
}

export interface HostResources {
  /** hrProcessorLoad per CPU (hrDeviceIndex → percent over the last minute). Empty when absent. */
  processors: { index: number; load: number }[];
  /** hrStorageTable rows. Empty when absent. */
  storage: StorageRow[];
  /** The first hrStorageRam row, if any. */
  memory?: { totalBytes: number; usedBytes: number };
  /** hrStorageFixedDisk rows. */
  disks: { descr: string; totalBytes: number; usedBytes: number }[];
}

export interface PollResult {
  /** "host:port" */
  target: string;
  /** clock.now() when the poll started */
  polledAt: number;
  durationMs: number;
  system: SystemGroup;
  /** sorted by ifIndex */
  interfaces: InterfaceRow[];
  hostResources: HostResources;
  /** PDUs sent (excluding net-snmp's own retransmissions) */
  requests: number;
  /** Things the agent did wrong that did not stop the poll (non-increasing OIDs, …). */
  warnings: string[];
}
