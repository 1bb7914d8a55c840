// Row and view shapes of monitoring and alarms as the API returns them (camelCase).
// Times are milliseconds since the epoch. Secrets never appear here: a credential's
// view says only whether it has one.
import type { AlarmEventKind, BandwidthLevel, CheckKind, MonitorState, ProblemKind, Severity, SubjectKind } from './monitoring';
import type { SyncedRow } from './types';

export type SnmpVersion = 'v2c' | 'v3';
export type SnmpAuthProtocol = 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
export type SnmpPrivProtocol = 'des' | 'aes' | 'aes256b' | 'aes256r';

/** SNMP credentials: one device's own, or a group's shared by many devices. */
export interface SnmpCredentialView {
  id: string;
  name: string;
  version: SnmpVersion;
  /** v3 user name (not secret); '' for v2c */
  user: string;
  authProtocol: SnmpAuthProtocol | null;
  privProtocol: SnmpPrivProtocol | null;
  /** true: a group's credentials, chosen by name; false: one device's own */
  shared: boolean;
  /** community / keys are set (never shown) */
  hasSecret: boolean;
  /** devices that use it */
  devices: number;
}

export interface MonitoredDevice extends SyncedRow {
  deviceId: string;
  /** address polled (IP or host name) */
  address: string;
  port: number;
  credentialId: string | null;
  intervalS: number;
  retryIntervalS: number;
  /** failed checks in a row before the state is hard (an alarm) */
  maxAttempts: number;
  /** the switch (or other device) this device hangs off */
  parentDeviceId: string | null;
  enabled: boolean;
  /** poll HOST-RESOURCES-MIB (servers) */
  hostResources: boolean;
  demo: boolean;
}

export interface ServiceCheck extends SyncedRow {
  deviceId: string;
  kind: CheckKind;
  name: string;
  /** ping/tcp: address (default: the device's); http: unused */
  host: string;
  port: number | null;
  url: string;
  /** http: expected status, 0 = any 2xx/3xx */
  expectStatus: number;
  /** http: text the body must contain ('' = none) */
  expectText: string;
  intervalS: number;
  timeoutMs: number;
  /** https: verify the certificate */
  tlsVerify: boolean;
  enabled: boolean;
  demo: boolean;
}

/** An interface found by polling; linked by hand (or by MAC later) to the device plugged into it. */
export interface MonitoredInterface extends SyncedRow {
  deviceId: string;
  ifIndex: number;
  name: string;
  alias: string;
  descr: string;
  speedMbps: number;
  /** the device at the other end of the cable (server ↔ switch port) */
  linkedDeviceId: string | null;
  /** committed rate for bandwidth alarms, Mbit/s; null = no alarm */
  committedMbps: number | null;
  /** raise an alarm when the link goes down (uplinks, servers' ports) */
  alarmOnDown: boolean;
  demo: boolean;
}

/** A customer's set of ports sharing one committed rate. */
export interface PortGroup extends SyncedRow {
  name: string;
  customerId: string | null;
  interfaceIds: string[];
  committedMbps: number;
  demo: boolean;
}

export interface MaintenanceWindow extends SyncedRow {
  name: string;
  startsAt: number;
  endsAt: number;
  deviceIds: string[];
  reason: string;
  createdBy: string;
  demo: boolean;
}

export interface AffectedItem {
  key: string;
  deviceId: string | null;
  label: string;
  state: MonitorState;
}

export interface AlarmAck {
  by: string;
  at: number;
  comment: string;
}

/** An alarm, active or cleared. */
export interface AlarmView {
  id: string;
  key: string;
  deviceId: string | null;
  subjectKind: SubjectKind;
  label: string;
  state: MonitorState;
  severity: Severity | null;
  problem: ProblemKind | null;
  message: string;
  source: string;
  since: number;
  lastChangeAt: number;
  clearedAt: number | null;
  ack: AlarmAck | null;
  snoozedUntil: number | null;
  flapping: boolean;
  maintenance: boolean;
  /** subjects folded into this alarm (servers behind a down switch) */
  affected: AffectedItem[];
  /** bandwidth alarms: the highest level crossed */
  level: BandwidthLevel | null;
  /** should the wall sound for it now (unacknowledged, not snoozed, not in maintenance) */
  audible: boolean;
}

export interface AlarmTimelineEntry {
  at: number;
  kind: AlarmEventKind;
  state: MonitorState | null;
  actor: string;
  detail: string;
}

/** A device's live state as the wall and the drawer show it. */
export interface DeviceLiveState {
  deviceId: string;
  state: MonitorState | 'PENDING';
  problem: ProblemKind | null;
  message: string;
  since: number | null;
  lastPollAt: number | null;
  lastOkAt: number | null;
}

export type UtilisedResource = 'cpu' | 'memory' | 'disk';

/** One resource sustained > 90 % (over) or < 5 % (under) over the last week. */
export interface UtilisationFlag {
  resource: UtilisedResource;
  level: 'over' | 'under';
  /** the week's mean of the hourly averages, percent */
  meanPct: number;
}

/** Servers' own resource use, with over/under-utilisation flags over a week. */
export interface ResourceUse {
  deviceId: string;
  at: number | null;
  cpuPct: number | null;
  memPct: number | null;
  diskPct: number | null;
  /** CPU, memory and disk (fullest storage) each judged on its own week */
  flags: UtilisationFlag[];
  /** any resource over */
  overUtilised: boolean;
  /** any resource under */
  underUtilised: boolean;
  /** hours of data the flags are based on (the best-covered resource) */
  weekHours: number;
  /** hours needed before anything is flagged */
  weekHoursNeeded: number;
}

export type GraphRange = 'day' | 'week' | 'month' | 'year';

/** Columns for uPlot: times in seconds, in/out in bit/s (null = gap). */
export interface InterfaceGraph {
  interfaceId: string;
  range: GraphRange;
  resolutionS: number;
  t: number[];
  inBps: Array<number | null>;
  outBps: Array<number | null>;
  inMaxBps: Array<number | null>;
  outMaxBps: Array<number | null>;
  committedBps: number | null;
  /** 95th percentile of the current month so far, bit/s (max of in and out) */
  p95Bps: number | null;
}

/** The wall's first message: everything it draws, compactly. */
export interface WallSnapshot {
  /** message number: a gap tells the wall it missed something and must subscribe again */
  seq: number;
  serverTime: number;
  sites: Array<{ id: string; name: string }>;
  racks: Array<{ id: string; name: string; site: number }>;
  /** parallel arrays, one entry per device; rack/site are indexes (-1 = none) */
  devices: { ids: string[]; names: string[]; rack: number[]; site: number[]; tiles: number[] };
  alarms: AlarmView[];
  /** when the pollers last finished anything (null = not running) */
  lastPollAt: number | null;
  pollersRunning: boolean;
}

/** Then only what changed, at most a few times a second. */
export interface WallDelta {
  seq: number;
  serverTime: number;
  /** [deviceIndex, tileCode | flags] pairs, flattened */
  tiles: number[];
  alarms: AlarmView[];
  /** ids of alarms no longer active */
  cleared: string[];
  lastPollAt: number | null;
  pollersRunning: boolean;
}

export type WallMessage = ({ kind: 'snapshot' } & WallSnapshot) | ({ kind: 'delta' } & WallDelta);

export interface BandwidthCrossing {
  key: string;
  level: BandwidthLevel;
  usagePct: number;
  committedMbps: number;
  interfaceIds: string[];
  customerId: string | null;
  at: number;
}
