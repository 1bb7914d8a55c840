import type { Walk, WalkCheck, WalkRack, WalkTask } from '../../../shared/schemas/walks';
import type { TableSpec } from '../../store/repository';

export const walkTable: TableSpec<Walk> = {
  table: 'walks',
  kind: 'walk',
  fields: { name: 'name', status: 'status', createdBy: 'created_by', startedAt: 'started_at', finishedAt: 'finished_at', notes: 'notes', demo: { col: 'demo', kind: 'bool' } },
  search: (w) => ({ title: `Walk ${w.name}`, body: `${w.status} ${w.createdBy}` }),
};

export const walkRackTable: TableSpec<WalkRack> = {
  table: 'walk_racks',
  kind: 'walk-rack',
  fields: {
    walkId: 'walk_id', rackId: 'rack_id', ord: 'ord', status: 'status', currentU: 'current_u', checklist: { col: 'checklist', kind: 'json' },
    notes: 'notes', photos: { col: 'photos', kind: 'json' }, finishedAt: 'finished_at', demo: { col: 'demo', kind: 'bool' },
  },
};

export const walkCheckTable: TableSpec<WalkCheck> = {
  table: 'walk_checks',
  kind: 'walk-check',
  fields: {
    walkId: 'walk_id', walkRackId: 'walk_rack_id', rackId: 'rack_id', u: 'u', deviceId: 'device_id', expected: { col: 'expected', kind: 'json' },
    result: 'result', scanned: 'scanned', foundDeviceId: 'found_device_id', note: 'note', checkedBy: 'checked_by', checkedAt: 'checked_at',
    demo: { col: 'demo', kind: 'bool' },
  },
};

export const walkTaskTable: TableSpec<WalkTask> = {
  table: 'walk_tasks',
  kind: 'task',
  fields: {
    walkId: 'walk_id', checkId: 'check_id', rackId: 'rack_id', deviceId: 'device_id', kind: 'kind', title: 'title', detail: 'detail',
    status: 'status', ticketId: 'ticket_id', demo: { col: 'demo', kind: 'bool' },
  },
  search: (t) => ({ title: t.title, body: `${t.kind} ${t.detail}` }),
};
