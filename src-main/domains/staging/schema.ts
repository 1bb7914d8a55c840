import type { ChecklistTemplate, StagingResult, StagingRun } from '../../../shared/staging';
import type { TableSpec } from '../../store/repository';

export const templateTable: TableSpec<ChecklistTemplate> = {
  table: 'staging_templates',
  kind: 'qa-template',
  fields: {
    name: 'name', deviceTypes: { col: 'device_types', kind: 'json' }, version: 'version', items: { col: 'items', kind: 'json' },
    isDefault: { col: 'is_default', kind: 'bool' }, demo: { col: 'demo', kind: 'bool' },
  },
};

export const runTable: TableSpec<StagingRun> = {
  table: 'staging_runs',
  kind: 'qa-run',
  fields: {
    deviceId: 'device_id', templateId: 'template_id', templateName: 'template_name', templateVersion: 'template_version',
    items: { col: 'items', kind: 'json' }, status: 'status', startedAt: 'started_at', finishedAt: 'finished_at', demo: { col: 'demo', kind: 'bool' },
  },
};

export const resultTable: TableSpec<StagingResult> = {
  table: 'staging_results',
  kind: 'qa-result',
  fields: {
    runId: 'run_id', itemKey: 'item_key', status: 'status', by: 'by_name', at: 'at', note: 'note',
    evidence: { col: 'evidence', kind: 'json' }, method: 'method', detail: 'detail', demo: { col: 'demo', kind: 'bool' },
  },
};
