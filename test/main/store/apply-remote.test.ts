// Store.applyRemote, the one way pulled rows enter the local cache: a row with local changes
// not pushed yet keeps those columns (and its rev) while the server's other columns apply.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceInput } from '../../../shared/schemas/inventory';
import { actor, makeCore, type TestCore } from '../helpers';

describe('Store.applyRemote', () => {
  let t: TestCore;
  beforeEach(() => { t = makeCore(); });
  afterEach(() => t.close());

  const rowOf = (id: string) => t.core.services.store.db.prepare(`SELECT name, status, rev, updated_at, deleted FROM devices WHERE id = ?`).get(id) as Record<string, unknown>;

  it('keeps the columns with pending local changes, NOT NULL ones included, and applies the rest', () => {
    const d = t.core.services.inventory.create({ actor: actor('admin') }, deviceInput.parse({ name: 'srv-a', type: 'server', status: 'available' }));
    const before = rowOf(d.id);
    const outbox = t.core.services.store.outboxPending();
    const failed = t.core.services.store.applyRemote('devices', [{ id: d.id, name: 'srv-a-renamed', status: 'faulty', rev: 42, updated_at: '9999999999999-0000-zzzz', deleted: 0 }], {
      keep: () => new Set(['status', 'updated_at']),
    });
    expect(failed).toEqual([]);
    expect(rowOf(d.id)).toEqual({ name: 'srv-a-renamed', status: before.status, rev: before.rev, updated_at: before.updated_at, deleted: 0 });
    expect(t.core.services.store.outboxPending()).toBe(outbox); // nothing echoes back to the server
  });

  it('inserts a row it does not hold, and updates one it holds when nothing is kept', () => {
    const d = t.core.services.inventory.create({ actor: actor('admin') }, deviceInput.parse({ name: 'srv-b', type: 'server', status: 'available' }));
    const full = t.core.services.store.db.prepare(`SELECT * FROM devices WHERE id = ?`).get(d.id) as Record<string, unknown>;
    const other = { ...full, id: '0190aaaa-0000-7000-8000-000000000001', name: 'srv-from-b', serial: 'SN-B-1', rev: 7 };
    expect(t.core.services.store.applyRemote('devices', [other, { ...full, status: 'faulty', rev: 8 }])).toEqual([]);
    expect(rowOf(other.id)).toMatchObject({ name: 'srv-from-b', rev: 7 });
    expect(rowOf(d.id)).toMatchObject({ status: 'faulty', rev: 8 });
  });
});
