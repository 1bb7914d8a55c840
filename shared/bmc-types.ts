// BMC shapes as the API returns them. Secrets never appear here: a BMC says only whether
// it has a password / Kg (hasPassword), never what they are.
import type { BmcBootDevice, BmcCipherSuite, BmcPowerAction, BmcPrivilege, BmcSensorStatus, ConsoleDriverKind, SelSeverity } from './bmc';
import type { SyncedRow } from './types';

/** The stored BMC configuration of a server (synced; secrets are kept apart, local, sealed). */
export interface BmcConfig extends SyncedRow {
  deviceId: string;
  address: string;
  port: number;
  username: string;
  privilege: BmcPrivilege;
  /** in order of preference */
  cipherSuites: BmcCipherSuite[];
  /** explicit per-BMC permission for suite 0 / "none" authentication / anonymous login */
  allowInsecure: boolean;
  consoleDriver: ConsoleDriverKind;
  /** "user@host" or "user@host:port" for the ssh driver; '' when unused */
  sshTarget: string;
  pollEnabled: boolean;
  pollIntervalS: number;
  demo: boolean;
}

export interface BmcView extends Omit<BmcConfig, 'rev' | 'deleted' | 'demo'> {
  hasPassword: boolean;
  hasKg: boolean;
  /**
   * Why the stored password cannot be used on this machine (sealed with another machine's key,
   * or set on another client in shared mode), or null.
   */
  secretProblem: string | null;
  /** what weakens the sessions with this BMC, shown as a warning (suite 0, anonymous, BMC settings) */
  warnings: Array<{ code: string; message: string }>;
}

export interface SensorView {
  name: string;
  type: string;
  kind: 'threshold' | 'discrete';
  value: number | null;
  unit: string | null;
  status: BmcSensorStatus;
  /** thresholds in units: lnr, lc, lnc, unc, uc, unr (those the sensor has) */
  thresholds: Record<string, number>;
  /** discrete sensors: state bits */
  states: number | null;
  error: string | null;
}

export interface SelEntryView {
  recordId: number;
  /** ms since the epoch, or null for OEM non-timestamped / relative (since BMC start) timestamps */
  at: number | null;
  sensorType: string;
  sensorNumber: number | null;
  direction: 'assertion' | 'deassertion' | null;
  description: string;
  severity: SelSeverity;
}

export interface BmcEventView {
  id: number;
  at: number;
  kind: 'power' | 'sensor' | 'sel' | 'reachability' | 'action';
  severity: SelSeverity;
  message: string;
}

/** The drawer's Hardware section: the latest poll of power, sensors and SEL. */
export interface HardwareView {
  deviceId: string;
  configured: boolean;
  polledAt: number | null;
  lastOkAt: number | null;
  /** null: not known yet */
  powerOn: boolean | null;
  sensors: SensorView[];
  sel: SelEntryView[];
  selCount: number;
  /** why the last poll failed, or null */
  error: string | null;
  /** failed polls in a row */
  failures: number;
  events: BmcEventView[];
  /** packets this app's sessions with the BMC dropped since it started (null: no session yet) */
  dropped: DroppedPacketsView | null;
}

export interface DroppedPacketsView {
  total: number;
  wrongAddress: number;
  badIntegrity: number;
  /** replayed or outside the sequence window */
  replay: number;
  other: number;
}

export interface PowerResult {
  action: BmcPowerAction;
  powerOn: boolean | null;
}

export interface BootResult {
  device: BmcBootDevice;
  persistent: boolean;
  efi: boolean;
}
