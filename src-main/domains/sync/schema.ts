import type { SyncConflict } from '../../../shared/sync-types';
import type { TableSpec } from '../../store/repository';

export const conflictTable: TableSpec<SyncConflict> = {
  table: 'sync_conflicts',
  kind: 'conflict',
  fields: {
    tableName: 'table_name', rowId: 'row_id', fieldGroup: 'field_group', fields: { col: 'fields', kind: 'json' },
    serverValue: { col: 'server_value', kind: 'json' }, serverHlc: 'server_hlc', serverBy: 'server_by',
    incomingValue: { col: 'incoming_value', kind: 'json' }, incomingHlc: 'incoming_hlc', incomingBy: 'incoming_by',
    baseRev: 'base_rev', detectedAt: 'detected_at', status: 'status', resolution: 'resolution',
    resolvedValue: { col: 'resolved_value', kind: 'json' }, resolvedBy: 'resolved_by', resolvedAt: 'resolved_at',
    demo: { col: 'demo', kind: 'bool' },
  },
};
