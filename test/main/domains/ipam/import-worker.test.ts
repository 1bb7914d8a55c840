// The app's import runs in a worker thread with its own connection to the store file
// (issue 5): all rows or nothing, the bad line named across the thread boundary, dry runs
// that leave nothing, progress that reaches the core WHILE rows are written (the core's
// event loop keeps running), one import at a time, the core's own writes during an import
// kept, cancelling, and the core told of the new rows afterwards.
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../../shared/ipam-types';
import type { ChangeEvent } from '../../../../shared/types';
import { prefixCreateInput, vlanInput } from '../../../../shared/schemas/ipam';
import { ImportCancelled, ImportLineError } from '../../../../src-main/domains/ipam/transfer';
import { actor, makeCore, type TestCore } from '../../helpers';
import { ctx } from './setup';

/** n NetBox ip-address rows in 10.0.0.0/8 (one of them, `bad`, with a status NetBox does not have). */
function addresses(n: number, bad?: number): string {
  const lines = ['address,status,dns_name,description'];
  for (let i = 1; i <= n; i++) {
    lines.push(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/8,${i === bad ? 'alive' : 'active'},host-${i}.example,row ${i}`);
  }
  return `${lines.join('\n')}\n`;
}

const count = (t: TestCore, table: string) => (t.core.services.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('import in a worker thread', () => {
  let t: TestCore;
  beforeEach(() => {
    t = makeCore();
    t.core.services.ipam.createPrefix(ctx, prefixCreateInput.parse({ prefix: '10.0.0.0/8', status: 'container' }));
  });
  afterEach(() => t.close());

  const c = () => t.caller(actor('admin', 'alice'));

  it('applies every row through the repository layer and tells the core afterwards', async () => {
    const seen: ChangeEvent[][] = [];
    const off = t.core.services.store.onChange((events) => seen.push([...events]));
    const outbox = t.core.services.store.outboxPending();
    const report = await c().ipam.import({ format: 'netbox-ip-addresses', text: addresses(3000), dryRun: false });
    off();
    expect(report).toMatchObject({ dryRun: false, rows: 3000, created: 3000, updated: 0 });
    expect(count(t, 'ipam_addresses')).toBe(3000);
    // row + audit + outbox, as any write of the app
    expect(t.core.services.store.outboxPending()).toBe(outbox + 3000);
    expect(t.core.services.ipam.repo.addresses.history(t.core.services.ipam.lookup.find('', '10.0.11.184').record!.id)[0]).toMatchObject({ actor: 'alice', action: 'insert', reason: 'import (netbox-ip-addresses)' });
    // the core heard of every new row (in batches), as of its own commit
    const heard = seen.flat().filter((e) => e.table === 'ipam_addresses');
    expect(heard).toHaveLength(3000);
    expect(seen.every((b) => b.length <= 5000)).toBe(true);
    // and its clock moved past the import's: a later edit is later than the imported row
    const row = t.core.services.ipam.lookup.find('', '10.0.0.1').record!;
    const edited = t.core.services.ipam.addresses.update(ctx, { id: row.id, patch: { description: 'edited' } });
    expect(edited.updatedAt > row.updatedAt).toBe(true);
  });

  it('a bad line is reported with its line and column across the thread, and nothing of the import stays', async () => {
    const outbox = t.core.services.store.outboxPending();
    const audit = count(t, 'audit');
    const err = await c().ipam.import({ format: 'netbox-ip-addresses', text: addresses(2600, 2502), dryRun: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe('BAD_REQUEST');
    expect((err as TRPCError).message).toBe('Line 2503, column status: "alive" is not a NetBox IP status (active, reserved, deprecated, dhcp, slaac). Nothing was imported.');
    const cause = (err as TRPCError).cause;
    expect(cause).toBeInstanceOf(ImportLineError);
    expect(cause).toMatchObject({ line: 2503, column: 'status', field: 'text' });
    expect(count(t, 'ipam_addresses')).toBe(0);
    expect(t.core.services.store.outboxPending()).toBe(outbox);
    expect(count(t, 'audit')).toBe(audit);
  });

  it('a dry run reports what would change and leaves nothing', async () => {
    const outbox = t.core.services.store.outboxPending();
    const report = await c().ipam.import({ format: 'netbox-ip-addresses', text: addresses(1500) });
    expect(report).toMatchObject({ dryRun: true, rows: 1500, created: 1500 });
    expect(report.changes).toHaveLength(200);
    expect(report.changes[0]).toMatchObject({ line: 2, action: 'create', kind: 'address', key: '10.0.0.1' });
    expect(count(t, 'ipam_addresses')).toBe(0);
    expect(t.core.services.store.outboxPending()).toBe(outbox);
  });

  it('progress arrives while the rows are written, and the core goes on meanwhile', async () => {
    const n = 12_000;
    const progress: Array<ImportProgress & { at: number }> = [];
    const off = t.core.services.ipam.transfer.onProgress('job-live', (p) => progress.push({ ...p, at: performance.now() }));
    // a timer of the core's thread: it can only fire if the import does not block the thread
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 5);
    let finishedAt = 0;
    const report = await c().ipam.import({ format: 'netbox-ip-addresses', text: addresses(n), dryRun: false, jobId: 'job-live' })
      .finally(() => { finishedAt = performance.now(); clearInterval(timer); off(); });
    expect(report.created).toBe(n);
    const apply = progress.filter((p) => p.phase === 'apply');
    expect(apply.map((p) => p.done)).toEqual(Array.from({ length: n / 1000 }, (_, i) => (i + 1) * 1000));
    // the progress messages were received one by one during the apply phase, not in one burst at the end
    const first = apply[0]!.at;
    const last = apply[apply.length - 1]!.at;
    expect(last - first).toBeGreaterThan(50);
    // and the core's timer fired between them: its event loop was not blocked by the writing
    const during = ticks.filter((x) => x > first && x < last);
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(progress[progress.length - 1]).toMatchObject({ phase: 'done', done: n, total: n });
    expect(finishedAt).toBeGreaterThanOrEqual(last);
  });

  it('refuses a second import while one runs, saying how far the first one is', async () => {
    let applying!: () => void;
    const started = new Promise<void>((r) => { applying = r; });
    const off = t.core.services.ipam.transfer.onProgress('job-a', (p) => { if (p.phase === 'apply') applying(); });
    const first = c().ipam.import({ format: 'netbox-ip-addresses', text: addresses(8000), dryRun: false, jobId: 'job-a' });
    await started;
    const second = await c().ipam.import({ format: 'netbox-prefixes', text: 'prefix\n192.0.2.0/24\n', dryRun: false }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(TRPCError);
    expect((second as TRPCError).code).toBe('CONFLICT');
    expect((second as TRPCError).message).toMatch(/^An import is already running \(writing \d+ %, started by alice\); wait for it to finish, then try again\.$/);
    expect((await first).created).toBe(8000);
    off();
    // once it is over, the next one runs
    expect((await c().ipam.import({ format: 'netbox-prefixes', text: 'prefix\n192.0.2.0/24\n', dryRun: false })).created).toBe(1);
  });

  it("the core's own writes during the import wait for it and are kept (a person's edit, an alarm)", async () => {
    let applying!: () => void;
    const started = new Promise<void>((r) => { applying = r; });
    let finished = false;
    const off = t.core.services.ipam.transfer.onProgress('job-w', (p) => {
      if (p.phase === 'apply' && p.done === 2000) applying();
      if (p.phase === 'done') finished = true;
    });
    const importing = c().ipam.import({ format: 'netbox-ip-addresses', text: addresses(10_000), dryRun: false, jobId: 'job-w' });
    await started;
    expect(finished).toBe(false); // the worker holds the write lock now
    const vlan = t.core.services.ipam.createVlan(ctx, vlanInput.parse({ vid: 42, name: 'during-import' }));
    const alarm = t.core.services.alarms.raise({ key: 'test:during-import', deviceId: null, label: 'probe', state: 'CRITICAL', message: 'raised during an import', source: 'test' });
    expect((await importing).created).toBe(10_000);
    off();
    expect(t.core.services.ipam.repo.vlans.find(vlan.id)).toMatchObject({ vid: 42, name: 'during-import' });
    expect(t.core.services.alarms.alarms.find(alarm!.id)).toMatchObject({ key: 'test:during-import', state: 'CRITICAL' });
    expect(count(t, 'ipam_addresses')).toBe(10_000);
  });

  it('cancelling rolls the import back, even while it writes', async () => {
    const off = t.core.services.ipam.transfer.onProgress('job-c', (p) => {
      if (p.phase === 'apply' && p.done === 1000) void c().ipam.importCancel({ jobId: 'job-c' });
    });
    const outbox = t.core.services.store.outboxPending();
    const err = await c().ipam.import({ format: 'netbox-ip-addresses', text: addresses(6000), dryRun: false, jobId: 'job-c' }).catch((e: unknown) => e);
    off();
    expect((err as TRPCError).cause).toBeInstanceOf(ImportCancelled);
    expect((err as TRPCError).message).toBe('The import was cancelled. Nothing was imported.');
    expect(count(t, 'ipam_addresses')).toBe(0);
    expect(t.core.services.store.outboxPending()).toBe(outbox);
    expect(await c().ipam.importCancel({ jobId: 'job-c' })).toMatchObject({ cancelled: false });
  });
});
