// Table specs of alarms, their timelines and maintenance windows (migration 0005).
import type { BandwidthLevel, MonitorState, ProblemKind, SubjectKind } from '../../shared/monitoring';
import type { AffectedItem, MaintenanceWindow } from '../../shared/monitoring-types';
import type { SyncedRow } from '../../shared/types';
import type { TableSpec } from '../store/repository';

export interface AlarmRow extends SyncedRow {
  key: string;
  deviceId: string | null;
  subjectKind: SubjectKind;
  label: string;
  state: MonitorState;
  problem: ProblemKind | null;
  message: string;
  source: string;
  since: number;
  lastChangeAt: number;
  clearedAt: number | null;
  ackBy: string | null;
  ackAt: number | null;
  ackComment: string | null;
  snoozedUntil: number | null;
  flapping: boolean;
  maintenance: boolean;
  affected: AffectedItem[];
  level: BandwidthLevel | null;
  demo: boolean;
}

export interface AlarmEventRow extends SyncedRow {
  alarmId: string;
  at: number;
  kind: string;
  state: MonitorState | null;
  actor: string;
  detail: string;
  demo: boolean;
}

const demo = { col: 'demo', kind: 'bool' } as const;

export const alarmTable: TableSpec<AlarmRow> = {
  table: 'alarms',
  kind: 'alarm',
  fields: {
    key: 'key', deviceId: 'device_id', subjectKind: 'subject_kind', label: 'label', state: 'state', problem: 'problem', message: 'message',
    source: 'source', since: 'since', lastChangeAt: 'last_change_at', clearedAt: 'cleared_at', ackBy: 'ack_by', ackAt: 'ack_at',
    ackComment: 'ack_comment', snoozedUntil: 'snoozed_until', flapping: { col: 'flapping', kind: 'bool' },
    maintenance: { col: 'maintenance', kind: 'bool' }, affected: { col: 'affected', kind: 'json' }, level: 'level', demo,
  },
};

export const alarmEventTable: TableSpec<AlarmEventRow> = {
  table: 'alarm_events',
  kind: 'alarm-event',
  fields: { alarmId: 'alarm_id', at: 'at', kind: 'kind', state: 'state', actor: 'actor', detail: 'detail', demo },
};

export const maintenanceTable: TableSpec<MaintenanceWindow> = {
  table: 'maintenance_windows',
  kind: 'maintenance-window',
  fields: { name: 'name', startsAt: 'starts_at', endsAt: 'ends_at', deviceIds: { col: 'device_ids', kind: 'json' }, reason: 'reason', createdBy: 'created_by', demo },
  search: (w) => ({ title: `Maintenance: ${w.name}`, body: w.reason }),
};
