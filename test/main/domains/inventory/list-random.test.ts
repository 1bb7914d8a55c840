// The in-memory list against the oracle under random writes, with fixed seeds: inserts,
// updates of every listed column, soft deletes and restores, hard deletes whose rowid the
// next insert takes again, rack renames, from this connection and from a second one,
// committed or rolled back, and lists taken inside writes. After each round every sort, both
// ways, with a random filter, must equal the oracle.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { deviceListInput } from '../../../../shared/schemas/inventory';
import { makeCore } from '../../helpers';
import { oracle } from './list-oracle';

const SORTS = ['name', 'type', 'status', 'rack', 'position', 'serial', 'assetTag', 'updatedAt'] as const;
const RACK_NAMES = ['A01', 'a01', 'B07', 'B07', 'C02', 'Élan', 'élan', 'Z9'];
const NAMES = ['alpha', 'Alpha', 'ALPHA', 'beta', 'Beta-2', 'gamma', 'Élan', 'élan', 'zeta', '_x', 'a%b'];
const STATUS = ['available', 'faulty', 'rented', 'staging'] as const;
const TYPES = ['server', 'switch', 'vm', 'pdu'] as const;

function run(seed: number, rounds: number): string[] {
  let state = seed;
  const rnd = () => { state = (state * 1103515245 + 12345) & 0x7fffffff; return state / 0x7fffffff; };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const t = makeCore();
  const s = t.core.services;
  const main = s.store.db;
  const other = new Database(join(t.dir, 'noc.sqlite'));
  other.pragma('busy_timeout = 5000');
  const mismatches: string[] = [];
  try {
    main.exec(`INSERT INTO sites (id, updated_at, name, code) VALUES ('s1','h','S','S1'), ('s2','h','T','S2');
      INSERT INTO rooms (id, updated_at, site_id, name) VALUES ('m1','h','s1','Hall');`);
    for (let i = 0; i < 12; i++) main.prepare(`INSERT INTO racks (id, updated_at, room_id, name, height_u) VALUES (?, 'h', 'm1', ?, 42)`).run(`rk${i}`, pick(RACK_NAMES));
    let n = 0;
    const value = () => ({
      name: `${pick(NAMES)}${rnd() < 0.5 ? '' : `-${Math.floor(rnd() * 20)}`}`, type: pick(TYPES), status: pick(STATUS),
      site_id: rnd() < 0.2 ? null : pick(['s1', 's2']), rack_id: rnd() < 0.3 ? null : `rk${Math.floor(rnd() * 12)}`,
      position: rnd() < 0.2 ? null : Math.floor(rnd() * 10), serial: rnd() < 0.3 ? '' : `SN${Math.floor(rnd() * 30)}`,
      asset_tag: rnd() < 0.3 ? '' : `AT${Math.floor(rnd() * 30)}`, primary_ip: `10.0.${Math.floor(rnd() * 4)}.${Math.floor(rnd() * 9)}`,
      updated_at: `u${String(Math.floor(rnd() * 50)).padStart(3, '0')}`,
    });
    const write = (db: Database.Database) => {
      const ids = db.prepare(`SELECT id FROM devices`).pluck().all() as string[];
      const r = rnd();
      const v = value();
      if (r < 0.25 || ids.length < 5) {
        db.prepare(`INSERT INTO devices (id, name, type, status, site_id, rack_id, position, serial, asset_tag, primary_ip, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`)
          .run(`d${++n}-${Math.floor(rnd() * 1e6)}`, v.name, v.type, v.status, v.site_id, v.rack_id, v.position, v.serial, v.asset_tag, v.primary_ip, v.updated_at);
      } else if (r < 0.6) {
        const col = pick(Object.keys(v) as Array<keyof typeof v>);
        db.prepare(`UPDATE devices SET ${col} = ? WHERE id = ?`).run(v[col], pick(ids));
      } else if (r < 0.7) {
        db.prepare(`UPDATE devices SET deleted = 1 - deleted WHERE id = ?`).run(pick(ids));
      } else if (r < 0.8) {
        db.prepare(`DELETE FROM devices WHERE rowid = (SELECT max(rowid) FROM devices)`).run(); // the next insert takes its rowid
      } else if (r < 0.9) {
        db.prepare(`UPDATE racks SET name = ? WHERE id = ?`).run(pick(RACK_NAMES), `rk${Math.floor(rnd() * 12)}`);
      } else {
        db.prepare(`UPDATE devices SET rev = coalesce(rev, 0) + 1 WHERE id = ?`).run(pick(ids)); // not listed: not logged
      }
    };
    const checkAll = (label: string) => {
      for (const sort of SORTS) {
        for (const dir of ['asc', 'desc'] as const) {
          const f = rnd();
          const q = deviceListInput.parse({
            sort, dir, limit: 1000,
            ...(f < 0.2 ? { text: pick(['al', 'ALP', 'sn1', 'at2', '10.0.1', '%', '_', 'ta-1', 'e']) }
              : f < 0.3 ? { status: [pick(STATUS)] } : f < 0.4 ? { type: [pick(TYPES), pick(TYPES)] }
                : f < 0.5 ? { rackId: `rk${Math.floor(rnd() * 12)}` } : f < 0.6 ? { siteId: pick(['s1', 's2']) } : {}),
          });
          const got = s.inventory.list(q);
          const want = oracle(s.store, q);
          if (got.total !== want.total || JSON.stringify(got.rows.map((r) => r.id)) !== JSON.stringify(want.ids)) mismatches.push(`${label}: ${JSON.stringify(q)}`);
        }
      }
    };
    for (let i = 0; i < 30; i++) write(main);
    checkAll('initial');
    const abandon = (db: Database.Database, k: number, inside?: string) => {
      try {
        db.transaction(() => { for (let i = 0; i < k; i++) write(db); if (inside) checkAll(inside); throw new Error('abandoned'); })();
      } catch (err) {
        if ((err as Error).message !== 'abandoned') throw err;
      }
    };
    for (let round = 0; round < rounds; round++) {
      const k = Math.floor(rnd() * (rnd() < 0.1 ? 80 : 12)) + 1;
      const who = rnd();
      if (who < 0.4) main.transaction(() => { for (let i = 0; i < k; i++) write(main); })();
      else if (who < 0.75) other.transaction(() => { for (let i = 0; i < k; i++) write(other); })();
      else if (who < 0.85) abandon(main, k, `inside a write rolled back, round ${round}`);
      else if (who < 0.92) main.transaction(() => { for (let i = 0; i < k; i++) write(main); checkAll(`inside a write, round ${round}`); })();
      else abandon(other, k);
      checkAll(`round ${round}`);
    }
  } finally {
    other.close();
    t.close();
  }
  return mismatches;
}

describe('inventory list under random writes', () => {
  for (const seed of [1, 7, 42]) {
    it(`equals the oracle after every round (seed ${seed})`, () => {
      expect(run(seed, 60)).toEqual([]);
    });
  }
});
