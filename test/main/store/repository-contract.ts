// The contract every synced entity keeps (NetBox-style generic suite): each entity's test
// calls describeRepositoryContract with how to make one and how to change it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncedRow } from '../../../shared/types';
import type { Repository } from '../../../src-main/store/repository';
import { actor, makeCore, type TestCore } from '../helpers';

export interface ContractCase<Row extends SyncedRow> {
  name: string;
  repository(t: TestCore): Repository<Row>;
  /** Data for a new row (may create its parents through t). */
  make(t: TestCore): Omit<Row, keyof SyncedRow>;
  change: Partial<Omit<Row, keyof SyncedRow>>;
}

export function describeRepositoryContract<Row extends SyncedRow>(c: ContractCase<Row>): void {
  describe(`${c.name}: repository contract`, () => {
    let t: TestCore;
    beforeEach(() => { t = makeCore(); });
    afterEach(() => t.close());
    const ctx = { actor: actor('admin', 'alice'), reason: 'contract' };

    it('inserts with a UUIDv7 id, an HLC stamp, no rev, not deleted', () => {
      const row = c.repository(t).insert(ctx, c.make(t));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.rev).toBeNull();
      expect(row.deleted).toBe(false);
      expect(row.updatedAt).toMatch(/^\d{15}-[0-9a-z]{4}-/);
    });

    it('writes row, audit and outbox together, in order', () => {
      const repo = c.repository(t);
      const before = t.core.services.store.outboxPending();
      const row = repo.insert(ctx, c.make(t));
      const updated = repo.update(ctx, row.id, c.change);
      expect(updated.updatedAt > row.updatedAt).toBe(true);
      repo.remove(ctx, row.id);
      const history = repo.history(row.id);
      expect(history.map((h) => h.action)).toEqual(['delete', 'update', 'insert']);
      expect(history[0]!.actor).toBe('alice');
      expect(history[1]!.before).not.toBeNull();
      expect(history[1]!.after).not.toBeNull();
      const outbox = t.core.services.store.db.prepare(`SELECT op, row_id FROM outbox WHERE row_id = ? ORDER BY seq`).all(row.id) as Array<{ op: string }>;
      expect(outbox.map((o) => o.op)).toEqual(['insert', 'update', 'delete']);
      expect(t.core.services.store.outboxPending()).toBeGreaterThanOrEqual(before + 3);
      expect(repo.find(row.id)).toBeNull();
      expect(repo.get(row.id)!.deleted).toBe(true);
    });

    it('leaves nothing behind when the transaction fails', () => {
      const repo = c.repository(t);
      const store = t.core.services.store;
      const outboxBefore = store.outboxPending();
      const auditBefore = (store.db.prepare(`SELECT count(*) AS n FROM audit`).get() as { n: number }).n;
      let id = '';
      expect(() => store.write(() => {
        id = repo.insert(ctx, c.make(t)).id;
        throw new Error('boom');
      })).toThrow('boom');
      expect(repo.get(id)).toBeNull();
      expect(store.outboxPending()).toBe(outboxBefore);
      expect((store.db.prepare(`SELECT count(*) AS n FROM audit`).get() as { n: number }).n).toBe(auditBefore);
    });

    it('tells listeners after commit, not before', () => {
      const repo = c.repository(t);
      const seen: string[] = [];
      const off = t.core.services.store.onChange((events) => seen.push(...events.map((e) => `${e.op}:${e.table}`)));
      t.core.services.store.write(() => {
        repo.insert(ctx, c.make(t));
        expect(seen).toEqual([]);
      });
      off();
      expect(seen).toContain(`insert:${repo.spec.table}`);
    });
  });
}
