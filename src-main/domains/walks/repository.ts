// Walk-through rows and the queries the floor screens need (one rack at a time).
import type { Walk, WalkCheck, WalkRack, WalkTask } from '../../../shared/schemas/walks';
import { Repository, type Store } from '../../store/repository';
import { walkCheckTable, walkRackTable, walkTable, walkTaskTable } from './schema';

export class WalkRepository {
  readonly walks: Repository<Walk>;
  readonly racks: Repository<WalkRack>;
  readonly checks: Repository<WalkCheck>;
  readonly tasks: Repository<WalkTask>;

  constructor(readonly store: Store) {
    this.walks = new Repository(store, walkTable);
    this.racks = new Repository(store, walkRackTable);
    this.checks = new Repository(store, walkCheckTable);
    this.tasks = new Repository(store, walkTaskTable);
  }

  allWalks(): Walk[] {
    return this.walks.select(`SELECT * FROM walks WHERE deleted = 0 ORDER BY (status = 'done'), updated_at DESC LIMIT 500`);
  }

  racksOf(walkId: string): WalkRack[] {
    return this.racks.select(`SELECT * FROM walk_racks WHERE walk_id = ? AND deleted = 0 ORDER BY ord`, walkId);
  }

  checksOf(walkRackId: string): WalkCheck[] {
    return this.checks.select(`SELECT * FROM walk_checks WHERE walk_rack_id = ? AND deleted = 0 ORDER BY u DESC`, walkRackId);
  }

  checksOfWalk(walkId: string): WalkCheck[] {
    return this.checks.select(`SELECT * FROM walk_checks WHERE walk_id = ? AND deleted = 0 ORDER BY rack_id, u DESC`, walkId);
  }

  checkAt(walkRackId: string, u: number): WalkCheck | null {
    const r = this.store.prepare(`SELECT * FROM walk_checks WHERE walk_rack_id = ? AND u = ? AND deleted = 0 ORDER BY updated_at DESC LIMIT 1`).get(walkRackId, u) as Record<string, unknown> | undefined;
    return r ? this.checks.fromDb(r) : null;
  }

  tasksOf(status: 'open' | 'done' | 'all', walkId?: string): WalkTask[] {
    const where = ['deleted = 0'];
    const args: unknown[] = [];
    if (status !== 'all') { where.push('status = ?'); args.push(status); }
    if (walkId) { where.push('walk_id = ?'); args.push(walkId); }
    return this.tasks.select(`SELECT * FROM walk_tasks WHERE ${where.join(' AND ')} ORDER BY updated_at DESC LIMIT 1000`, ...args);
  }

  /** A device by serial or asset tag (case-insensitive), for what a scanner reads. */
  deviceByCode(code: string): Record<string, unknown> | null {
    const r = this.store.prepare(`SELECT * FROM devices WHERE deleted = 0 AND ((serial <> '' AND serial = ? COLLATE NOCASE) OR (asset_tag <> '' AND asset_tag = ? COLLATE NOCASE)) LIMIT 1`).get(code, code) as Record<string, unknown> | undefined;
    return r ?? null;
  }
}
