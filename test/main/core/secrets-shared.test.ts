// core/shared-secrets.ts: secrets of rows that sync (BMC passwords, root passwords) as
// shared_secrets rows written through the repository layer; the older local-only tables are
// adopted at start without opening anything.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createCore } from '../../../src-main/core/create-core';
import { FakeClock } from '../../../src-main/core/clock';
import { sharedSecretId, SharedSecrets, type SharedSecretRow } from '../../../src-main/core/shared-secrets';
import { actor, makeCore, type TestCore } from '../helpers';
import { describeRepositoryContract } from '../store/repository-contract';

describeRepositoryContract<SharedSecretRow>({
  name: 'shared_secrets',
  repository: (t) => t.core.services.bmc.secrets.shared.repo,
  make: () => ({ purpose: `test:${randomBytes(4).toString('hex')}`, sealed: 's1.x', setBy: 'alice' }),
  change: { sealed: 's1.y' },
});

const ctx = { actor: actor('technician', 'tom') };

describe('shared secrets', () => {
  let t: TestCore;
  beforeEach(() => { t = makeCore(); });
  afterEach(() => t.close());

  it('one row per purpose (id from the purpose), sealed, audited and queued without the plaintext; cleared is "" not a tombstone', () => {
    const shared = new SharedSecrets(t.core.services.store, t.core.services.secrets);
    shared.put(ctx, 'bmc:d1:password', 'Zq9-first');
    shared.put(ctx, 'bmc:d1:password', 'Zq9-second');
    const rows = t.core.services.store.db.prepare(`SELECT id, purpose, sealed, set_by FROM shared_secrets`).all() as Array<Record<string, string>>;
    expect(rows).toEqual([{ id: sharedSecretId('bmc:d1:password'), purpose: 'bmc:d1:password', sealed: expect.stringMatching(/^s1\./), set_by: 'tom' }]);
    expect(shared.open('bmc:d1:password')).toBe('Zq9-second');
    expect(sharedSecretId('bmc:d1:password')).toBe(sharedSecretId('bmc:d1:password'));
    expect(sharedSecretId('bmc:d1:password')).not.toBe(sharedSecretId('bmc:d2:password'));
    const db = t.core.services.store.db;
    for (const table of ['shared_secrets', 'audit', 'outbox']) expect(JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all()), table).not.toContain('Zq9');
    expect((db.prepare(`SELECT op FROM outbox WHERE table_name = 'shared_secrets' ORDER BY seq`).all() as Array<{ op: string }>).map((r) => r.op)).toEqual(['insert', 'update']);
    shared.clear(ctx, 'bmc:d1:password');
    expect(shared.sealed('bmc:d1:password')).toBeNull();
    expect(shared.open('bmc:d1:password')).toBeNull();
    shared.put(ctx, 'bmc:d1:password', 'Zq9-again');
    expect(shared.open('bmc:d1:password')).toBe('Zq9-again');
  });

  it('a sealed value copied to another purpose does not open', () => {
    const shared = new SharedSecrets(t.core.services.store, t.core.services.secrets);
    shared.put(ctx, 'rental-root-password:r1', 'horse');
    shared.putSealed(ctx, 'rental-root-password:r2', shared.sealed('rental-root-password:r1')!);
    expect(() => shared.open('rental-root-password:r2')).toThrow(/another purpose/);
  });
});

describe('adopting the local-only secret tables of before', () => {
  it('moves bmc_secrets and rental_secrets rows into shared_secrets at start (sealed as they were, queued for sync), once', () => {
    const t = makeCore();
    try {
      const box = t.core.services.secrets;
      const db = t.core.services.store.db;
      const pw = box.seal('old-bmc-pw', 'bmc:d9:password');
      const kg = box.seal('old-kg', 'bmc:d9:kg');
      const root = box.seal('old-root', 'rental-root-password:r9');
      db.prepare(`INSERT INTO bmc_secrets (device_id, password, kg, set_at, set_by) VALUES ('d9', ?, ?, 't', 'old')`).run(pw, kg);
      db.prepare(`INSERT INTO rental_secrets (rental_id, sealed, set_at, set_by) VALUES ('r9', ?, 't', 'old')`).run(root);
      const dir = t.dir;
      t.core.close();
      const again = createCore({ dataDir: dir, clock: new FakeClock() });
      try {
        const s = again.services;
        expect(s.store.db.prepare(`SELECT count(*) AS n FROM bmc_secrets`).get()).toEqual({ n: 0 });
        expect(s.store.db.prepare(`SELECT count(*) AS n FROM rental_secrets`).get()).toEqual({ n: 0 });
        const shared = s.bmc.secrets.shared;
        expect(shared.sealed('bmc:d9:password')).toBe(pw);
        expect(shared.open('bmc:d9:kg')).toBe('old-kg');
        expect(shared.open('rental-root-password:r9')).toBe('old-root');
        expect(s.rentals.rootPasswords.has('r9')).toBe(true);
        expect(s.store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE table_name = 'shared_secrets' AND op = 'insert'`).get()).toEqual({ n: 3 });
        expect(s.store.db.prepare(`SELECT count(*) AS n FROM audit WHERE table_name = 'shared_secrets' AND actor = 'system' AND reason LIKE 'kept in shared_secrets%'`).get()).toEqual({ n: 3 });
      } finally {
        again.close();
      }
    } finally {
      t.close();
    }
  });
});
