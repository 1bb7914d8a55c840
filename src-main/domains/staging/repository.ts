// Staging queries: templates, a server's open run, the latest result per item.
import type { ChecklistTemplate, StagingResult, StagingRun } from '../../../shared/staging';
import { Repository, type Store } from '../../store/repository';
import { resultTable, runTable, templateTable } from './schema';

export class StagingRepository {
  readonly templates: Repository<ChecklistTemplate>;
  readonly runs: Repository<StagingRun>;
  readonly results: Repository<StagingResult>;

  constructor(readonly store: Store) {
    this.templates = new Repository(store, templateTable);
    this.runs = new Repository(store, runTable);
    this.results = new Repository(store, resultTable);
  }

  allTemplates(): ChecklistTemplate[] {
    return this.templates.select(`SELECT * FROM staging_templates WHERE deleted = 0 ORDER BY is_default DESC, name`);
  }

  openRunOf(deviceId: string): StagingRun | null {
    const r = this.store.prepare(`SELECT * FROM staging_runs WHERE device_id = ? AND status = 'open' AND deleted = 0 ORDER BY started_at DESC LIMIT 1`).get(deviceId) as Record<string, unknown> | undefined;
    return r ? this.runs.fromDb(r) : null;
  }

  runsOf(deviceId: string): StagingRun[] {
    return this.runs.select(`SELECT * FROM staging_runs WHERE device_id = ? AND deleted = 0 ORDER BY started_at DESC`, deviceId);
  }

  openRunsOfTemplate(templateId: string): StagingRun[] {
    return this.runs.select(`SELECT * FROM staging_runs WHERE template_id = ? AND status = 'open' AND deleted = 0`, templateId);
  }

  /** One result row per item (the row is updated as the item is re-checked; history is in the audit). */
  resultsOf(runId: string): Map<string, StagingResult> {
    const out = new Map<string, StagingResult>();
    for (const r of this.store.prepare(`SELECT * FROM staging_results WHERE run_id = ? AND deleted = 0 ORDER BY at`).all(runId) as Record<string, unknown>[]) {
      const row = this.results.fromDb(r);
      out.set(row.itemKey, row);
    }
    return out;
  }

  /** Servers and VMs in Staging with their open run (if any), for the board. */
  stagingDevices(): Array<{ id: string; name: string; type: string; rackName: string | null; position: number | null; runId: string | null }> {
    return this.store.prepare(`SELECT d.id, d.name, d.type, k.name AS rackName, d.position,
        (SELECT r.id FROM staging_runs r WHERE r.device_id = d.id AND r.status = 'open' AND r.deleted = 0 ORDER BY r.started_at DESC LIMIT 1) AS runId
      FROM devices d LEFT JOIN racks k ON k.id = d.rack_id
      WHERE d.deleted = 0 AND d.status = 'staging' AND d.type IN ('server', 'vm') ORDER BY d.name`).all() as Array<{ id: string; name: string; type: string; rackName: string | null; position: number | null; runId: string | null }>;
  }
}
