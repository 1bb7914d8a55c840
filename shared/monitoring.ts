// Monitoring and alarms: the states, their order and colours, shared by the core and the wall.
// Choice tables follow shared/choices.ts: (value, label, intent) as const.
import type { Choice } from './choices';

/** Nagios-style states. DOWN/UNREACHABLE are for hosts; the others for anything checked. */
export const MONITOR_STATES = [
  { value: 'OK', label: 'OK', intent: 'success' },
  { value: 'WARNING', label: 'Warning', intent: 'warning' },
  { value: 'CRITICAL', label: 'Critical', intent: 'danger' },
  { value: 'DOWN', label: 'Down', intent: 'danger' },
  { value: 'UNREACHABLE', label: 'Unreachable', intent: 'none' },
  { value: 'UNKNOWN', label: 'Unknown', intent: 'primary' },
] as const satisfies readonly Choice<string>[];
export type MonitorState = (typeof MONITOR_STATES)[number]['value'];
export const MONITOR_STATE_VALUES = MONITOR_STATES.map((s) => s.value) as [MonitorState, ...MonitorState[]];

/**
 * Worst first when sorting. UNREACHABLE ranks below UNKNOWN and WARNING: an unreachable
 * device is the symptom of its parent's problem, which carries the alarm.
 */
export const STATE_RANK: Record<MonitorState, number> = { OK: 0, UNREACHABLE: 1, UNKNOWN: 2, WARNING: 3, CRITICAL: 4, DOWN: 5 };

export function worseState(a: MonitorState, b: MonitorState): MonitorState {
  return STATE_RANK[b] > STATE_RANK[a] ? b : a;
}

/** The three alarm sounds: one per severity. */
export type Severity = 'critical' | 'warning' | 'unknown';
export const SEVERITIES = [
  { value: 'critical', label: 'Critical', intent: 'danger' },
  { value: 'warning', label: 'Warning', intent: 'warning' },
  { value: 'unknown', label: 'Unknown / authentication', intent: 'primary' },
] as const satisfies readonly Choice<Severity>[];
export const SEVERITY_RANK: Record<Severity, number> = { unknown: 1, warning: 2, critical: 3 };

export function severityOf(state: MonitorState): Severity | null {
  switch (state) {
    case 'DOWN':
    case 'CRITICAL':
      return 'critical';
    case 'WARNING':
      return 'warning';
    case 'UNKNOWN':
      return 'unknown';
    case 'UNREACHABLE':
    case 'OK':
      return null;
  }
}

/** Why a check did not say OK: shown next to the state ("DOWN — no answer"). */
export const PROBLEM_KINDS = [
  { value: 'timeout', label: 'No answer', intent: 'danger' },
  { value: 'auth', label: 'Authentication failed', intent: 'primary' },
  { value: 'protocol', label: 'Bad answer', intent: 'warning' },
  { value: 'config', label: 'Configuration problem', intent: 'warning' },
  { value: 'check', label: 'Check failed', intent: 'danger' },
  { value: 'threshold', label: 'Over threshold', intent: 'warning' },
  { value: 'trap', label: 'Trap received', intent: 'danger' },
  { value: 'external', label: 'Reported', intent: 'danger' },
] as const satisfies readonly Choice<string>[];
export type ProblemKind = (typeof PROBLEM_KINDS)[number]['value'];

/** What an alarm is about. */
export const SUBJECT_KINDS = [
  { value: 'host', label: 'Host', intent: 'none' },
  { value: 'service', label: 'Service check', intent: 'none' },
  { value: 'interface', label: 'Interface', intent: 'none' },
  { value: 'bandwidth', label: 'Bandwidth', intent: 'warning' },
  { value: 'resource', label: 'Resource use', intent: 'none' },
  { value: 'event', label: 'Event', intent: 'none' },
  { value: 'external', label: 'External', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type SubjectKind = (typeof SUBJECT_KINDS)[number]['value'];
export const SUBJECT_KIND_VALUES = SUBJECT_KINDS.map((s) => s.value) as [SubjectKind, ...SubjectKind[]];

export const CHECK_KINDS = [
  { value: 'ping', label: 'Ping', intent: 'none' },
  { value: 'tcp', label: 'TCP connect', intent: 'none' },
  { value: 'http', label: 'HTTP(S)', intent: 'none' },
] as const satisfies readonly Choice<string>[];
export type CheckKind = (typeof CHECK_KINDS)[number]['value'];
export const CHECK_KIND_VALUES = CHECK_KINDS.map((s) => s.value) as [CheckKind, ...CheckKind[]];

/** Entries of an alarm's timeline. */
export const ALARM_EVENT_KINDS = [
  { value: 'raised', label: 'Raised', intent: 'danger' },
  { value: 'state', label: 'State changed', intent: 'warning' },
  { value: 'ack', label: 'Acknowledged', intent: 'success' },
  { value: 'unack', label: 'Acknowledgement removed', intent: 'warning' },
  { value: 'snooze', label: 'Snoozed', intent: 'none' },
  { value: 'fold', label: 'Device behind it affected', intent: 'none' },
  { value: 'unfold', label: 'Device behind it recovered', intent: 'none' },
  { value: 'flap-start', label: 'Started flapping', intent: 'warning' },
  { value: 'flap-stop', label: 'Stopped flapping', intent: 'none' },
  { value: 'maintenance-start', label: 'Maintenance started', intent: 'none' },
  { value: 'maintenance-end', label: 'Maintenance ended', intent: 'none' },
  { value: 'cleared', label: 'Cleared', intent: 'success' },
] as const satisfies readonly Choice<string>[];
export type AlarmEventKind = (typeof ALARM_EVENT_KINDS)[number]['value'];

/** Bandwidth alarm levels, percent of the committed rate (issue 3). */
export const BANDWIDTH_LEVELS = [80, 100, 101] as const;
export type BandwidthLevel = (typeof BANDWIDTH_LEVELS)[number];

/** Interval limits of polls and checks. */
export const MIN_INTERVAL_S = 10;
export const DEFAULT_INTERVAL_S = 60;
export const MAX_INTERVAL_S = 86_400;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_RETRY_INTERVAL_S = 20;

/**
 * Wall tiles carry a small code instead of a state name (5,000 tiles a second): the order
 * here is the wire format of `WallDelta.states`. PENDING = monitored, no result yet;
 * UNMONITORED = in the inventory, not polled.
 */
export const TILE_CODES = ['OK', 'WARNING', 'CRITICAL', 'DOWN', 'UNREACHABLE', 'UNKNOWN', 'PENDING', 'UNMONITORED'] as const;
export type TileState = (typeof TILE_CODES)[number];
export const TILE_CODE: Record<TileState, number> = Object.fromEntries(TILE_CODES.map((s, i) => [s, i])) as Record<TileState, number>;
/** Flag bits next to the code: the tile's problem is acknowledged / in maintenance / an auth problem. */
export const TILE_FLAG = { acked: 1 << 4, maintenance: 1 << 5, auth: 1 << 6 } as const;

/** Worst first for tiles (PENDING/UNMONITORED are not problems). */
export const TILE_RANK: Record<TileState, number> = { UNMONITORED: -2, PENDING: -1, ...STATE_RANK };
