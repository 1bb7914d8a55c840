// Inventory queries. The list's pages come from memory (list-index.ts), along orders read
// from migration 0011's indexes: one per sort and direction, ties by id.
import type { z } from 'zod';
import { deviceListInput } from '../../../shared/schemas/inventory';
import type { Device, DeviceListRow } from '../../../shared/types';
import { Repository, type Store } from '../../store/repository';
import { DeviceListIndex, type ListOrder } from './list-index';
import { deviceTable } from './schema';

type ListQuery = z.output<typeof deviceListInput>;

// The index of migration 0011 for each sort (X: ties by id in the sort's direction, X_desc: the other).
const SORT_INDEX: Record<ListQuery['sort'], string> = {
  name: 'devices_name', type: 'devices_type', status: 'devices_status', rack: 'devices_rack_sort',
  position: 'devices_position', serial: 'devices_serial', assetTag: 'devices_asset', updatedAt: 'devices_updated',
};

const SORT_SQL: Record<ListQuery['sort'], string> = {
  name: 'd.name COLLATE NOCASE',
  type: 'd.type, d.name',
  status: 'd.status, d.name',
  rack: 'r.name, d.position',
  position: 'd.position, d.name',
  serial: 'd.serial',
  assetTag: 'd.asset_tag',
  updatedAt: 'd.updated_at',
};

export class DeviceRepository extends Repository<Device> {
  private readonly listIndex: DeviceListIndex;

  constructor(store: Store) {
    super(store, deviceTable);
    this.listIndex = new DeviceListIndex(store);
  }

  list(q: ListQuery): { rows: DeviceListRow[]; total: number } {
    return this.listIndex.page(q, this.order(q.sort, q.dir), (rowids) => {
      const rows = this.store.prepare(`SELECT d.*, r.name AS rack_name, s.name AS site_name FROM json_each(?) p CROSS JOIN devices d ON d.rowid = p.value
        LEFT JOIN racks r ON r.id = d.rack_id LEFT JOIN sites s ON s.id = d.site_id ORDER BY p.key`).all(JSON.stringify(rowids)) as Record<string, unknown>[];
      return rows.map((r) => ({ ...this.fromDb(r), rackName: (r.rack_name as string | null) ?? null, siteName: (r.site_name as string | null) ?? null }));
    });
  }

  /** Hosts call this once started (through the service): the list's first page would read every device. */
  warmListIndex(): void {
    const first = deviceListInput.parse({}); // the table's first view
    this.listIndex.warm(first, this.order(first.sort, first.dir));
  }

  /** One order of the list: every live device read in it, or two compared. */
  private order(sort: ListQuery['sort'], dir: ListQuery['dir']): ListOrder {
    // Ties break by id ascending in both directions, as they always have.
    const orderBy = (terms: string) => `${terms.split(', ').map((c) => `${c} ${dir === 'asc' ? 'ASC' : 'DESC'}`).join(', ')}, d.id ASC`;
    // The sort's own index, named so the planner walks it rather than sorting.
    const dev = `devices d INDEXED BY ${SORT_INDEX[sort]}${dir === 'asc' ? '' : '_desc'}`;
    // ORDER BY r.name over a join cannot use an index, so the rack sort reads in two runs:
    // the devices without a rack (a NULL rack name sorts first ascending, last descending),
    // and racks by name with each rack's devices by position. A device whose rack has not
    // reached this store yet (the sync does not wait for parents) has a NULL rack name too:
    // the whole read finds it among those without a rack.
    const runs = (strays: boolean) => {
      if (sort !== 'rack') return [`SELECT d.rowid FROM ${dev} WHERE d.deleted = 0 ORDER BY ${orderBy(SORT_SQL[sort])}`];
      const noRack = strays
        ? `SELECT d.rowid FROM devices d WHERE d.deleted = 0 AND (d.rack_id IS NULL OR d.rack_id NOT IN (SELECT id FROM racks)) ORDER BY ${orderBy('d.position')}`
        : `SELECT d.rowid FROM ${dev} WHERE d.deleted = 0 AND d.rack_id IS NULL ORDER BY ${orderBy('d.position')}`;
      const racked = `SELECT d.rowid FROM racks r INDEXED BY racks_name CROSS JOIN ${dev} ON d.rack_id = r.id WHERE d.deleted = 0 ORDER BY ${orderBy('r.name, d.position')}`;
      return dir === 'asc' ? [noRack, racked] : [racked, noRack];
    };
    const read = (sqls: string[]) => (sqls.length === 1 ? this.store.prepare(sqls[0]!).pluck().all() as number[]
      : sqls.flatMap((sql) => this.store.prepare(sql).pluck().all() as number[]));
    return {
      all: () => read(runs(false)),
      complete: () => read(runs(true)),
      // One ORDER BY over the join, as the runs together order the list.
      first: (a, b) => this.store.prepare(`SELECT d.rowid FROM devices d LEFT JOIN racks r ON r.id = d.rack_id WHERE d.rowid IN (?, ?)
        ORDER BY ${orderBy(sort === 'rack' ? 'r.name, d.position' : SORT_SQL[sort])} LIMIT 1`).pluck().get(a, b) as number,
      byRackName: sort === 'rack',
    };
  }

  inRack(rackId: string): Device[] {
    return this.select(`SELECT * FROM devices WHERE rack_id = ? AND deleted = 0 ORDER BY position`, rackId);
  }

  vmsOf(hostId: string): Device[] {
    return this.select(`SELECT * FROM devices WHERE host_id = ? AND deleted = 0 ORDER BY name`, hostId);
  }

  countByStatus(): Record<string, number> {
    const rows = this.store.prepare(`SELECT status, count(*) AS n FROM devices WHERE deleted = 0 GROUP BY status`).all() as Array<{ status: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}
