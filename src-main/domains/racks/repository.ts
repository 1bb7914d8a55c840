import type { Rack, Room, Site } from '../../../shared/types';
import { Repository, type Store } from '../../store/repository';
import { rackTable, roomTable, siteTable } from './schema';

export class RackRepository {
  readonly sites: Repository<Site>;
  readonly rooms: Repository<Room>;
  readonly racks: Repository<Rack>;

  constructor(private readonly store: Store) {
    this.sites = new Repository(store, siteTable);
    this.rooms = new Repository(store, roomTable);
    this.racks = new Repository(store, rackTable);
  }

  /** fn in one transaction: a failure anywhere leaves nothing written. */
  inTransaction<T>(fn: () => T): T {
    return this.store.write(fn);
  }

  allSites(): Site[] {
    return this.sites.select(`SELECT * FROM sites WHERE deleted = 0 ORDER BY name`);
  }
  allRooms(): Room[] {
    return this.rooms.select(`SELECT * FROM rooms WHERE deleted = 0 ORDER BY name`);
  }
  allRacks(): Rack[] {
    return this.racks.select(`SELECT * FROM racks WHERE deleted = 0 ORDER BY name`);
  }
  /** Per rack: how many units hold anything (either face) and how many devices it has. */
  rackUsage(): Map<string, { devices: number; usedU: number }> {
    const rows = this.store.prepare(`SELECT rack_id, position, height_u FROM devices WHERE deleted = 0 AND rack_id IS NOT NULL`).all() as Array<{ rack_id: string; position: number | null; height_u: number }>;
    const units = new Map<string, Set<number>>();
    const out = new Map<string, { devices: number; usedU: number }>();
    for (const r of rows) {
      const entry = out.get(r.rack_id) ?? { devices: 0, usedU: 0 };
      entry.devices++;
      out.set(r.rack_id, entry);
      if (r.position === null) continue;
      let set = units.get(r.rack_id);
      if (!set) units.set(r.rack_id, (set = new Set()));
      for (let u = r.position; u < r.position + r.height_u; u++) set.add(u);
    }
    for (const [rackId, set] of units) out.get(rackId)!.usedU = set.size;
    return out;
  }
}
