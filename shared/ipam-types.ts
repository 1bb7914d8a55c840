// IPAM row shapes as the API returns them (camelCase), and the shapes of its answers.
// Big counts (IPv6) travel as decimal strings: JSON has no bigint.
import type { AddressStatus, PrefixStatus, RangeStatus, SecurityZone, VlanStatus } from './ipam-choices';
import type { IpFamily } from './ipam';
import type { AuditEntry, SyncedRow } from './types';

export interface IpPrefix extends SyncedRow {
  vrf: string;
  family: IpFamily;
  /** Canonical "203.0.113.0/24". */
  prefix: string;
  length: number;
  startKey: string;
  endKey: string;
  /** Most specific containing prefix (same VRF), kept by the tree rules. */
  parentId: string | null;
  status: PrefixStatus;
  zone: SecurityZone;
  role: string;
  isPool: boolean;
  siteId: string | null;
  vlanId: string | null;
  /** Customer/rental ids as text until the customers domain links them. */
  customerId: string | null;
  rentalId: string | null;
  justification: string;
  assignedAt: string | null;
  /** Grouping label (phpIPAM "section"). */
  section: string;
  description: string;
  demo: boolean;
}

export interface IpAddress extends SyncedRow {
  vrf: string;
  family: IpFamily;
  /** Canonical text (RFC 5952 for IPv6). */
  address: string;
  key: string;
  /** Interface mask as written (NetBox "203.0.113.45/24"), or null. */
  maskLength: number | null;
  status: AddressStatus;
  role: string;
  dnsName: string;
  description: string;
  deviceId: string | null;
  interface: string;
  customerId: string | null;
  rentalId: string | null;
  justification: string;
  assignedAt: string | null;
  mac: string;
  notes: string;
  demo: boolean;
}

export interface Vlan extends SyncedRow {
  vid: number;
  name: string;
  siteId: string | null;
  group: string;
  status: VlanStatus;
  role: string;
  customerId: string | null;
  description: string;
  demo: boolean;
}

export interface IpRange extends SyncedRow {
  vrf: string;
  family: IpFamily;
  startAddress: string;
  endAddress: string;
  startKey: string;
  endKey: string;
  status: RangeStatus;
  role: string;
  customerId: string | null;
  description: string;
  demo: boolean;
}

export interface Utilisation {
  /** Addresses a host may use (decimal string). */
  size: string;
  used: string;
  percent: number;
}

export interface TreeNode {
  prefix: IpPrefix;
  childCount: number;
  usage: Utilisation;
  siteName: string | null;
  vlanLabel: string | null;
}

export interface TreePage {
  parentId: string | null;
  nodes: TreeNode[];
  total: number;
}

export interface MapCell {
  /** Offset 0–255 in the map. */
  offset: number;
  address: string;
  status: AddressStatus | 'network' | 'broadcast' | 'range' | 'child' | 'outside';
  id: string | null;
  label: string;
}

export interface AddressMap {
  /** First address of the 256 cells. */
  start: string;
  vrf: string;
  family: IpFamily;
  prefix: IpPrefix | null;
  cells: MapCell[];
  counts: Record<string, number>;
}

/** Who holds an address, as names for the UI (ids kept for links). */
export interface Holder {
  deviceId: string | null;
  deviceName: string | null;
  deviceType: string | null;
  interface: string;
  customerId: string | null;
  customerName: string | null;
  rentalId: string | null;
}

export interface AddressDetail {
  address: string;
  family: IpFamily;
  vrf: string;
  /** Most specific prefix holding it, then its ancestors up to the top. */
  prefix: IpPrefix | null;
  ancestors: IpPrefix[];
  record: IpAddress | null;
  status: AddressStatus;
  holder: Holder | null;
  since: string | null;
  justification: string;
  range: IpRange | null;
  /** Network/broadcast or outside every prefix: why it cannot be handed out, if so. */
  note: string | null;
  history: AuditEntry[];
}

export interface PrefixDetail {
  prefix: IpPrefix;
  ancestors: IpPrefix[];
  usage: Utilisation;
  childCount: number;
  ranges: IpRange[];
  vlan: Vlan | null;
  siteName: string | null;
  history: AuditEntry[];
}

export interface SearchResults {
  kind: 'address' | 'prefix' | 'text';
  address: AddressDetail | null;
  prefixes: IpPrefix[];
  addresses: Array<IpAddress & { deviceName: string | null }>;
  vlans: Vlan[];
}

export interface ArinAssignment {
  kind: 'prefix' | 'address';
  id: string;
  /** Prefix text or address text. */
  assignment: string;
  size: string;
  customerId: string | null;
  customerName: string | null;
  rentalId: string | null;
  deviceName: string | null;
  status: string;
  assignedAt: string | null;
  justification: string;
  swip: boolean;
  /** A customer's additional assignment without a justification (e.g. imported). */
  missingJustification: boolean;
}

export interface ArinReport {
  block: IpPrefix;
  generatedAt: string;
  total: string;
  assigned: string;
  reserved: string;
  free: string;
  assignedPercent: number;
  reservedPercent: number;
  assignments: ArinAssignment[];
  swip: ArinAssignment[];
}

export interface ImportChange {
  line: number;
  action: 'create' | 'update' | 'unchanged';
  kind: 'prefix' | 'address' | 'vlan';
  key: string;
  /** field → [before, after] for updates. */
  changes: Record<string, [unknown, unknown]>;
}

export interface ImportReport {
  format: string;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** The first changes, for the dry run's preview. */
  changes: ImportChange[];
  elapsedMs: number;
}

export interface ImportProgress {
  phase: 'parse' | 'apply' | 'done';
  done: number;
  total: number;
}
