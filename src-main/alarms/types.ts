// What goes into the alarm engine and what comes out of it.
import type { BandwidthLevel, MonitorState, ProblemKind, SubjectKind } from '../../shared/monitoring';
import type { AlarmTimelineEntry, AlarmView, BandwidthCrossing } from '../../shared/monitoring-types';

/**
 * Anything checked: a host (`host:<deviceId>`), a service check (`svc:<checkId>`), an
 * interface (`if:<interfaceId>`), a bandwidth commit (`bw:<id>`), an event (`event:…`),
 * or something another domain reports (`ipmi:…`, any prefix).
 */
export interface Subject {
  key: string;
  deviceId: string | null;
  kind: SubjectKind;
  label: string;
  /** who reports it: 'snmp', 'ping', 'http', 'trap', 'ipmi', … */
  source: string;
}

export interface CheckResult {
  subject: Subject;
  state: MonitorState;
  problem?: ProblemKind | null;
  message: string;
  /** hard at once (traps, external reports): no soft attempts */
  immediate?: boolean;
  /** failed checks in a row before the state is hard (default 3) */
  maxAttempts?: number;
  /** an event alarm that clears itself after this long (a restart notice) */
  autoClearMs?: number;
}

/** An active alarm as persisted, to rebuild the engine after a restart. */
export interface StoredAlarm extends Omit<AlarmView, 'audible'> {
  subject: Subject;
}

export type EngineEvent =
  /** remote: another client changed the synced row (issue 6); shown here, not written back */
  | { type: 'alarm'; change: 'raised' | 'updated' | 'cleared'; alarm: AlarmView; subject: Subject; entries: AlarmTimelineEntry[]; remote?: boolean }
  /** a subject's hard state changed (tiles, drawer) */
  | { type: 'state'; subject: Subject; state: MonitorState; problem: ProblemKind | null; message: string; since: number }
  | { type: 'bandwidth'; crossing: BandwidthCrossing }
  /** devices whose parent recovered: check them again soon */
  | { type: 'recheck'; deviceIds: string[] };

export interface BandwidthObservation {
  subject: Subject;
  usagePct: number;
  committedMbps: number;
  interfaceIds: string[];
  customerId: string | null;
}

export type { BandwidthLevel };
