// Inventory queries. Every sort of the list has an index of migration 0011 (sort columns, id
// tie-break, filter columns), so a page of 50,000 devices stays within the budget (p50 < 10 ms)
// at any offset.
import type { z } from 'zod';
import type { deviceListInput } from '../../../shared/schemas/inventory';
import type { Device, DeviceListRow } from '../../../shared/types';
import { Repository, type Store } from '../../store/repository';
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

// Above this many search-index hits, scanning devices_name is faster than looking each hit up.
const NARROW_TEXT = 2000;

const ftsPhrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** One ordered run of the list; `sql` gets the ORDER BY builder and ends in LIMIT ? OFFSET ?. `where` counts it (null: the rest). */
interface Part { where: string | null; sql: (order: (terms: string) => string) => string }

/**
 * The page [offset, offset + limit) of parts laid end to end. A page past the middle is read
 * in the reverse order from the far end and turned round, so no page walks more than half
 * the list.
 */
function pageFromNearerEnd(parts: Part[], counts: number[], total: number, offset: number, limit: number,
  run: (part: Part, flip: boolean, limit: number, offset: number) => number[]): number[] {
  const end = Math.min(offset + limit, total);
  if (end <= offset) return [];
  const flip = total - end < offset;
  const order = flip ? parts.map((p, i) => [p, counts[i] ?? 0] as const).reverse() : parts.map((p, i) => [p, counts[i] ?? 0] as const);
  let skip = flip ? total - end : offset;
  let want = end - offset;
  const out: number[] = [];
  for (const [part, n] of order) {
    if (want <= 0) break;
    if (skip >= n) { skip -= n; continue; }
    const got = run(part, flip, want, skip);
    out.push(...got);
    want -= got.length;
    skip = 0;
  }
  return flip ? out.reverse() : out;
}

export class DeviceRepository extends Repository<Device> {
  /** A text filter's matches up to this many are sorted on their own; more walk the sort's index. */
  static sortMatchesUpTo = 5000;

  constructor(store: Store) {
    super(store, deviceTable);
  }

  list(q: ListQuery): { rows: DeviceListRow[]; total: number } {
    const where: string[] = ['d.deleted = 0'];
    const args: unknown[] = [];
    if (q.status?.length) { where.push(`d.status IN (${q.status.map(() => '?').join(',')})`); args.push(...q.status); }
    if (q.type?.length) { where.push(`d.type IN (${q.type.map(() => '?').join(',')})`); args.push(...q.type); }
    if (q.siteId) { where.push('d.site_id = ?'); args.push(q.siteId); }
    if (q.rackId) { where.push('d.rack_id = ?'); args.push(q.rackId); }
    let matchFrom = 'devices d INDEXED BY devices_name';
    let narrow = false;
    if (q.text) {
      // A narrow term takes its candidates from the trigram index (a superset: the device's
      // search entry holds these four columns); a broad one scans devices_name, which carries
      // them. The LIKE decides either way, so both give the same rows.
      narrow = this.narrowInSearchIndex(q.text);
      if (narrow) {
        matchFrom = `search_index s CROSS JOIN search_docs sd ON sd.rowid = s.rowid AND sd.kind = 'device' CROSS JOIN devices d ON d.id = sd.row_id`;
        where.push('search_index MATCH ?');
        args.push(ftsPhrase(q.text));
      }
      where.push(`(d.name LIKE ? ESCAPE '\\' OR d.serial LIKE ? ESCAPE '\\' OR d.asset_tag LIKE ? ESCAPE '\\' OR d.primary_ip LIKE ? ESCAPE '\\')`);
      const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      args.push(like, like, like, like);
    }
    const whereSql = where.join(' AND ');
    // The sort's own index, named so the planner cannot pick one that matches a filter but
    // not the order (a site can hold every device). A rack filter is small: the planner's choice.
    const idx = (name: string) => (q.rackId ? '' : ` INDEXED BY ${name}${q.dir === 'asc' ? '' : '_desc'}`);
    const dev = `devices d${idx(SORT_INDEX[q.sort])}`;
    // One ordered run of rows per part: the whole list, or for the rack sort the devices
    // without a rack and those in one. ORDER BY r.name over a join cannot use an index, so
    // the racked part walks racks by name and each rack's devices by position. A NULL rack
    // name sorts first ascending, last descending. (Foreign keys keep rack_id pointing at a rack.)
    const parts: Part[] = q.sort === 'rack'
      ? [
        { where: `${whereSql} AND d.rack_id IS NULL`, sql: (o) => `SELECT d.rowid FROM ${dev} WHERE ${whereSql} AND d.rack_id IS NULL ORDER BY ${o('d.position')} LIMIT ? OFFSET ?` },
        { where: null, sql: (o) => `SELECT d.rowid FROM racks r INDEXED BY racks_name CROSS JOIN ${dev} ON d.rack_id = r.id WHERE ${whereSql} ORDER BY ${o('r.name, d.position')} LIMIT ? OFFSET ?` },
      ]
      : [{ where: whereSql, sql: (o) => `SELECT d.rowid FROM ${dev} WHERE ${whereSql} ORDER BY ${o(SORT_SQL[q.sort])} LIMIT ? OFFSET ?` }];
    if (q.sort === 'rack' && q.dir === 'desc') parts.reverse();
    // Ties break by id ascending in both directions, as they always have. `flip` gives the
    // exact reverse order; every order and its reverse has an index (see migration 0011).
    const orderBy = (flip: boolean) => (terms: string) => {
      const dir = (q.dir === 'asc') !== flip ? 'ASC' : 'DESC';
      return `${terms.split(', ').map((c) => `${c} ${dir}`).join(', ')}, d.id ${flip ? 'DESC' : 'ASC'}`;
    };
    const run = (part: Part, flip: boolean, limit: number, offset: number) => this.store.prepare(part.sql(orderBy(flip))).pluck().all(...args, limit, offset) as number[];
    let total: number;
    let rowids: number[];
    if (q.text) {
      // A text filter lists its matches once (that is the count), then orders only those,
      // with the list's own ORDER BY (rack name through the join, as the rows show it).
      const matches = this.store.prepare(`SELECT d.rowid FROM ${matchFrom} WHERE ${whereSql}`).pluck().all(...args) as number[];
      total = matches.length;
      if (!narrow && total > DeviceRepository.sortMatchesUpTo && q.sort !== 'rack') {
        // Many matches of a broad term (whereSql has no MATCH then): walking the sort's index
        // from the nearer end stops sooner than sorting them all.
        rowids = pageFromNearerEnd(parts, [total], total, q.offset, q.limit, run);
      } else {
        const sortSql = orderBy(false)(q.sort === 'rack' ? 'r.name, d.position' : SORT_SQL[q.sort]);
        rowids = total === 0 ? [] : this.store.prepare(`SELECT d.rowid FROM json_each(?) m CROSS JOIN devices d ON d.rowid = m.value LEFT JOIN racks r ON r.id = d.rack_id
          ORDER BY ${sortSql} LIMIT ? OFFSET ?`).pluck().all(JSON.stringify(matches), q.limit, q.offset) as number[];
      }
    } else {
      // Counted over devices_status, which carries every filter column: a filter's own index
      // (devices_site) would read every row; a rack filter is small either way.
      const count = (w: string) => (this.store.prepare(`SELECT count(*) AS n FROM devices d${q.rackId ? '' : ' INDEXED BY devices_status'} WHERE ${w}`).get(...args) as { n: number }).n;
      total = count(whereSql);
      const sizes = parts.length === 1 ? [total] : parts.map((p) => (p.where ? count(p.where) : NaN));
      const known = sizes.reduce((a, n) => a + (Number.isNaN(n) ? 0 : n), 0);
      const counts = sizes.map((n) => (Number.isNaN(n) ? total - known : n));
      rowids = pageFromNearerEnd(parts, counts, total, q.offset, q.limit, run);
    }
    const rows = this.store.prepare(`SELECT d.*, r.name AS rack_name, s.name AS site_name FROM json_each(?) p CROSS JOIN devices d ON d.rowid = p.value
      LEFT JOIN racks r ON r.id = d.rack_id LEFT JOIN sites s ON s.id = d.site_id ORDER BY p.key`).all(JSON.stringify(rowids)) as Record<string, unknown>[];
    return { rows: rows.map((r) => ({ ...this.fromDb(r), rackName: (r.rack_name as string | null) ?? null, siteName: (r.site_name as string | null) ?? null })), total };
  }

  /** Whether a text filter matches few enough index entries to take its candidates from there. */
  private narrowInSearchIndex(text: string): boolean {
    if (text.length < 3) return false; // trigram MATCH needs three characters
    const n = (this.store.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM search_index WHERE search_index MATCH ? LIMIT ${NARROW_TEXT})`).get(ftsPhrase(text)) as { n: number }).n;
    return n < NARROW_TEXT;
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
