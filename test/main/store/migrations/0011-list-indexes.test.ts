import { describe, expect, it } from 'vitest';
import { TICKET_PRIORITY_RANK } from '../../../../src-main/store/migrations/0011-list-indexes';
import { makeCore } from '../../helpers';
import { applyMigration, columns, dbAtVersion } from './helpers';

const plan = (db: { prepare(sql: string): { all(...a: unknown[]): unknown[] } }, sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');

describe('migration 0011 list indexes', () => {
  it('adds indexes only, on a store at schema 10 with rows, and keeps the rows', () => {
    const db = dbAtVersion(10);
    db.prepare(`INSERT INTO devices (id, updated_at, name, type, status, serial) VALUES ('d1', 'h', 'srv1', 'server', 'available', 'SN1')`).run();
    const before = { devices: columns(db, 'devices'), tickets: columns(db, 'tickets') };
    applyMigration(db, 11);
    expect({ devices: columns(db, 'devices'), tickets: columns(db, 'tickets') }).toEqual(before);
    expect(db.prepare(`SELECT name, serial FROM devices`).all()).toEqual([{ name: 'srv1', serial: 'SN1' }]);
    const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all() as string[];
    for (const n of ['devices_name', 'devices_name_desc', 'devices_serial_desc', 'devices_updated', 'devices_rack', 'devices_rack_sort', 'racks_name', 'tickets_queue_priority', 'tickets_due', 'tickets_queue_assignee', 'tickets_live_assignee']) expect(names).toContain(n);
    db.close();
  });

  it('serves every inventory sort, both directions with the id tie-break ascending, from a covering index without a sort', () => {
    const db = dbAtVersion(11);
    const orders = ['d.name COLLATE NOCASE', 'd.type, d.name', 'd.status, d.name', 'd.position, d.name', 'd.serial', 'd.asset_tag', 'd.updated_at'];
    for (const o of orders) {
      for (const [dir, tie] of [['ASC', 'ASC'], ['DESC', 'ASC'], ['ASC', 'DESC'], ['DESC', 'DESC']]) {
        const sql = `SELECT d.rowid FROM devices d WHERE d.deleted = 0 AND d.status IN ('faulty') ORDER BY ${o.split(', ').map((c) => `${c} ${dir}`).join(', ')}, d.id ${tie} LIMIT 100 OFFSET 500`;
        const p = plan(db, sql);
        expect(p, sql).toMatch(/COVERING INDEX/);
        expect(p, sql).not.toMatch(/TEMP B-TREE/);
      }
    }
    db.close();
  });

  it('serves every ticket queue sort from an index, and the priority CASE still matches it', () => {
    const db = dbAtVersion(11);
    const orders = [`CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, t.number`, 't.resolution_due, t.number', 't.updated_at, t.number', 't.number'];
    expect(orders[0]).toContain(TICKET_PRIORITY_RANK.replace('CASE priority', 'CASE t.priority'));
    for (const o of orders) {
      for (const queue of [true, false]) {
        for (const dir of ['ASC', 'DESC']) {
          const sql = `SELECT t.rowid FROM tickets t WHERE t.deleted = 0 ${queue ? "AND t.queue_id = ? AND t.status IN ('new','open','pending')" : ''} ORDER BY ${o.split(', ').map((c) => `${c} ${dir}`).join(', ')} LIMIT 50 OFFSET 100`;
          expect(plan(db, sql, ...(queue ? ['q1'] : [])), sql).not.toMatch(/TEMP B-TREE/);
        }
      }
    }
    db.close();
  });

  it('the ticket queue lists in the order each sort names, ties by number, across pages', async () => {
    const t = makeCore();
    try {
      const api = t.caller();
      const priorities = ['low', 'urgent', 'normal', 'high'] as const;
      for (let i = 0; i < 24; i++) {
        await api.tickets.create({ queue: 'support', subject: `Ticket ${i}`, body: 'x', priority: priorities[i % 4] });
        if (i % 6 === 5) t.clock.advance(60_000); // some tickets share a due time and an update time
      }
      const rank = { urgent: 0, high: 1, normal: 2, low: 3 };
      const all = (await api.tickets.list({ queue: 'support', limit: 100 })).rows;
      const want: Record<string, (a: (typeof all)[number], b: (typeof all)[number]) => number> = {
        number: (a, b) => a.number - b.number,
        priority: (a, b) => rank[a.priority] - rank[b.priority] || a.number - b.number,
        due: (a, b) => a.resolutionDue.localeCompare(b.resolutionDue) || a.number - b.number,
        updatedAt: (a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.number - b.number,
      };
      for (const [sort, cmp] of Object.entries(want)) {
        for (const dir of ['asc', 'desc'] as const) {
          const expected = [...all].sort((a, b) => (dir === 'asc' ? cmp(a, b) : cmp(b, a))).map((r) => r.number);
          const pages: number[] = [];
          for (let offset = 0; offset < 24; offset += 5) {
            const page = await api.tickets.list({ queue: 'support', sort: sort as 'number', dir, limit: 5, offset });
            expect(page.total).toBe(24);
            pages.push(...page.rows.map((r) => r.number));
          }
          expect(pages, `${sort} ${dir}`).toEqual(expected);
        }
      }
    } finally {
      t.close();
    }
  });
});
