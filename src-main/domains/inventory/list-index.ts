// The inventory list, indexed in memory. A page of 50,000 devices must come back within 10 ms
// whatever the sort, offset and filters. SQLite pages from an index well, except where
// no index helps: a text filter's substring can sit anywhere in a name, serial, asset tag or
// IP (all 50,000 tested with four LIKEs, about 8 ms, before counting, then walked or sorted:
// up to 28 ms), and the rack sort orders by a joined rack name (middle pages about 10 ms).
// Here each live device's filter columns and its four searched columns (one case-folded
// string) are held, and each list order (sort and direction) as read once from its index
// (migration 0011); a page is one pass over the devices and one along the order, about
// 2 ms. (For 50,000 devices: about 5 MB, and 400 kB per order asked for.)
//
// Freshness: migrations 0012 and 0013 log the rowid of every device written, by any
// connection, when a column the list uses changes. Each query reads, in the same snapshot as
// everything else it reads, the rows logged since the last one and reads them again; an
// order moves each such row to its new place, found by binary search with SQLite comparing
// two rows at a time; past a few dozen rows, the order is read again. A rack added, removed
// or renamed (logged without a device) has the rack sort read again; a reader further behind
// than the log reaches reads everything again.
import type { z } from 'zod';
import type { deviceListInput } from '../../../shared/schemas/inventory';
import type { Store } from '../../store/repository';

type ListQuery = z.output<typeof deviceListInput>;

/** One order of the list (a sort and direction), for every live device. */
export interface ListOrder {
  /** Every live device's rowid, in this order; quick, but may leave out a device whose rack is not in the store (yet). */
  all(): number[];
  /** The same, leaving none out; slower. */
  complete(): number[];
  /** Of two rowids, the one this order puts first. */
  first(a: number, b: number): number;
  /** Whether a rack's name places its devices in this order. */
  byRackName: boolean;
}

// Between the fields of a row as read: a match cannot span two columns unless the term holds
// it, and a term holding it matches nothing (no column holds a control character).
const SEP = '\u001f';

// What a row of devices d is read as: its rowid, filter columns, then the four searched
// columns, in one string (far quicker to read than nine columns).
const ROW_SQL = `d.rowid || char(31) || d.status || char(31) || d.type || char(31) || ifnull(d.site_id, '') || char(31) || ifnull(d.rack_id, '')
  || char(31) || d.name || char(31) || ifnull(d.serial, '') || char(31) || ifnull(d.asset_tag, '') || char(31) || ifnull(d.primary_ip, '')`;

// More than this since an order was read: reading the order is quicker than moving them.
const MOVE_IN_ORDER_UP_TO = 50;

// Rowids as SQLite assigns them count up from 1: up to this one, a query's matches are a
// byte per rowid; past it (rowids set by hand), a Set.
const DENSE_ROWIDS_UP_TO = 8_000_000;

interface Row { rowid: number; live: boolean; status: string; type: string; siteId: string | null; rackId: string | null; text: string }

/** An order as read or last brought up to date, at device_changes entry `seq`. */
interface HeldOrder { seq: number; rowids: number[] }

interface Snapshot {
  /** The last device_changes entry these rows include. */
  seq: number;
  rows: Row[];
  positionOf: Map<number, number>;
  /** The highest rowid while all are dense (0 … DENSE_ROWIDS_UP_TO), else null. */
  maxRowid: number | null;
  orders: Map<string, HeldOrder>;
}

/** The rowids a query matched. */
class Matches {
  private readonly bytes: Uint8Array | null;
  private readonly set = new Set<number>();
  constructor(maxRowid: number | null) {
    this.bytes = maxRowid === null ? null : new Uint8Array(maxRowid + 1);
  }

  add(rowid: number): void {
    if (this.bytes) this.bytes[rowid] = 1;
    else this.set.add(rowid);
  }

  has(rowid: number): boolean {
    return this.bytes ? this.bytes[rowid] === 1 : this.set.has(rowid);
  }
}

const denseMax = (max: number | null, rowid: number) =>
  (max === null || !Number.isInteger(rowid) || rowid < 0 || rowid > DENSE_ROWIDS_UP_TO ? null : Math.max(max, rowid));

/**
 * Case folded for matching, one character at a time: JavaScript lowercases a capital sigma
 * by its place in the word (final ς, else σ), so "ΣΤΑΣ" would miss "ΣΤΑΣΗ".
 */
const fold = (text: string) => text.toLowerCase().replace(/ς/g, 'σ');

function parse(line: string): Row {
  const cut: number[] = [];
  for (let i = 0, at = -1; i < 5; i++) cut.push(at = line.indexOf(SEP, at + 1));
  const [a = 0, b = 0, c = 0, d = 0, e = 0] = cut;
  return {
    rowid: Number(line.slice(0, a)), live: true, status: line.slice(a + 1, b), type: line.slice(b + 1, c),
    siteId: line.slice(c + 1, d) || null, rackId: line.slice(d + 1, e) || null, text: fold(line.slice(e + 1)),
  };
}

export class DeviceListIndex {
  private snap: Snapshot | null = null;

  constructor(private readonly store: Store) {}

  /**
   * The devices matching q's filters (and, given q.text, whose name, serial, asset tag or IP
   * contains it, ignoring case): how many, and what `fetch` reads for the rowids of page
   * [offset, offset + limit) in `order`, all in one read transaction.
   */
  page<T>(q: ListQuery, order: ListOrder, fetch: (rowids: number[]) => T): { rows: T; total: number } {
    // Inside a write (nothing in the app lists there, but nothing forbids it) the rows read
    // may yet roll back, and the log's entry numbers with them: read, then forget.
    if (this.store.db.inTransaction) {
      try {
        return this.pageInSnapshot(q, order, fetch);
      } finally {
        this.snap = null;
      }
    }
    return this.pageInSnapshot(q, order, fetch);
  }

  /** Reads every device and the order of q into memory now, so that the first page need not. */
  warm(q: ListQuery, order: ListOrder): void {
    if (this.store.db.open && !this.store.db.inTransaction) this.pageInSnapshot({ ...q, limit: 0 }, order, () => null);
  }

  private pageInSnapshot<T>(q: ListQuery, order: ListOrder, fetch: (rowids: number[]) => T): { rows: T; total: number } {
    // One read transaction: the log, the rows, the order and the page's rows come from one snapshot.
    return this.store.db.transaction(() => {
      const snap = this.current();
      const ordered = this.ordered(snap, `${q.sort} ${q.dir}`, order);
      const term = fold(q.text ?? '');
      const status = q.status?.length ? new Set<string>(q.status) : null;
      const type = q.type?.length ? new Set<string>(q.type) : null;
      const matches = new Matches(snap.maxRowid);
      if (!term.includes(SEP)) {
        for (const r of snap.rows) {
          if (r.live && (!term || r.text.includes(term)) && (!status || status.has(r.status)) && (!type || type.has(r.type))
            && (!q.siteId || r.siteId === q.siteId) && (!q.rackId || r.rackId === q.rackId)) matches.add(r.rowid);
        }
      }
      const rowids: number[] = [];
      let total = 0;
      for (const rowid of ordered) {
        if (!matches.has(rowid)) continue;
        if (total >= q.offset && rowids.length < q.limit) rowids.push(rowid);
        total++;
      }
      return { rows: fetch(rowids), total };
    })();
  }

  /** The log since entry `seq`: devices written, and whether a rack was added, removed or renamed; null if the log no longer reaches back. */
  private changesSince(seq: number): { rowids: number[]; racksChanged: boolean } | null {
    const oldest = this.store.prepare(`SELECT min(seq) FROM device_changes`).pluck().get() as number | null;
    if (oldest === null || oldest > seq + 1) return null;
    const logged = this.store.prepare(`SELECT DISTINCT device_rowid FROM device_changes WHERE seq > ?`).pluck().all(seq) as Array<number | null>;
    return { rowids: logged.filter((r): r is number => r !== null), racksChanged: logged.includes(null) };
  }

  private current(): Snapshot {
    const seq = (this.store.prepare(`SELECT max(seq) FROM device_changes`).pluck().get() as number | null) ?? 0;
    const snap = this.snap;
    if (snap?.seq === seq) return snap;
    const changes = snap && snap.seq < seq ? this.changesSince(snap.seq) : null;
    if (snap && changes) {
      this.patch(snap, changes.rowids);
      snap.seq = seq;
      return snap;
    }
    // The first query, or a log that has moved past these rows: read them all (devices_name
    // carries every column read). About 75 ms for 50,000 devices: the hosts call warm() at start.
    const rows = (this.store.prepare(`SELECT ${ROW_SQL} FROM devices d INDEXED BY devices_name WHERE d.deleted = 0`).pluck().all() as string[]).map(parse);
    this.snap = { seq, rows, positionOf: new Map(rows.map((r, i) => [r.rowid, i])), maxRowid: rows.reduce<number | null>((m, r) => denseMax(m, r.rowid), 0), orders: new Map() };
    return this.snap;
  }

  /** Reads the changed rows again; a deleted or gone one stays in place, not live. */
  private patch(snap: Snapshot, changed: number[]): void {
    const fresh = new Map((this.store.prepare(`SELECT ${ROW_SQL} FROM json_each(?) j CROSS JOIN devices d ON d.rowid = j.value WHERE d.deleted = 0`)
      .pluck().all(JSON.stringify(changed)) as string[]).map((line) => { const r = parse(line); return [r.rowid, r]; }));
    for (const rowid of changed) {
      const row = fresh.get(rowid) ?? { rowid, live: false, status: '', type: '', siteId: null, rackId: null, text: '' };
      const at = snap.positionOf.get(rowid);
      if (at !== undefined) snap.rows[at] = row;
      else if (row.live) {
        snap.positionOf.set(rowid, snap.rows.length);
        snap.rows.push(row);
        snap.maxRowid = denseMax(snap.maxRowid, rowid);
      }
    }
  }

  /** The order under `key`, as held and brought up to date, or read. */
  private ordered(snap: Snapshot, key: string, order: ListOrder): number[] {
    const held = snap.orders.get(key);
    if (held?.seq === snap.seq) return held.rowids;
    const changes = held ? this.changesSince(held.seq) : null;
    if (held && changes && changes.rowids.length <= MOVE_IN_ORDER_UP_TO && !(changes.racksChanged && order.byRackName)) {
      // All out first: a binary search needs the rest in order, and a changed row not yet
      // moved may be out of place.
      const changed = new Set(changes.rowids);
      held.rowids = held.rowids.filter((rowid) => !changed.has(rowid));
      for (const rowid of changed) {
        const pos = snap.positionOf.get(rowid);
        if (pos !== undefined && snap.rows[pos]!.live) held.rowids.splice(this.placeOf(held.rowids, rowid, order), 0, rowid);
      }
      held.seq = snap.seq;
      return held.rowids;
    }
    // A quick read that misses a live device (one whose rack has not reached this store) is
    // done again whole.
    const live = snap.rows.reduce((n, r) => n + (r.live ? 1 : 0), 0);
    const all = order.all();
    const read = { seq: snap.seq, rowids: all.length === live ? all : order.complete() };
    snap.orders.set(key, read);
    return read.rowids;
  }

  /** Where `rowid` goes in `rowids` (which lacks it): after every row the order puts first. */
  private placeOf(rowids: number[], rowid: number, order: ListOrder): number {
    let lo = 0;
    let hi = rowids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order.first(rowids[mid]!, rowid) === rowid) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
