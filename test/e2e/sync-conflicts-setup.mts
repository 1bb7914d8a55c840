// Sets up the Conflicts view's end-to-end test (run with tsx):
//   node --import tsx test/e2e/sync-conflicts-setup.mts OWNER_URL PG_PORT DATA_DIR
// Migrates the shared database (logins alice, admin, and tom, technician), then makes a
// delete/edit conflict between two stores: DATA_DIR (alice's, served by the spec's host
// afterwards) deletes the device web-01 while tom's store, offline, edits it; both push.
// Prints "READY <device id>" when done; every store is closed (the host opens DATA_DIR).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, FakeClock } from '../../src-main/core/clock';
import { createCore, type Core } from '../../src-main/core/create-core';
import { migrate } from '../../src-main/sync/migrate';
import { connectPg } from '../../src-main/sync/pg';
import { addUser, bootstrapAdmin } from '../../src-main/sync/users';
import { deviceInput } from '../../shared/schemas/inventory';

const [ownerUrl, port, dir] = process.argv.slice(2);
if (!ownerUrl || !port || !dir) {
  process.stderr.write('usage: sync-conflicts-setup.mts OWNER_URL PG_PORT DATA_DIR\n');
  process.exit(2);
}
const url = (login: string, password: string) => `postgresql://${login}:${password}@127.0.0.1:${port}/nocdb`;
const actor = (name: string) => ({ actor: { id: `e2e:${name}`, name, role: 'admin' as const } });

const owner = await connectPg(ownerUrl);
await migrate(owner);
await bootstrapAdmin(owner, 'alice', 'alice-secret-1', 'Alice Admin');
await owner.end();
const admin = await connectPg(url('alice', 'alice-secret-1'));
await addUser(admin, { login: 'tom', password: 'tom-secret-12', role: 'technician', customerId: null, fullName: 'Tom Tech' });
await admin.end();

const tomDir = mkdtempSync(join(tmpdir(), 'noc-e2e-conflict-tom-'));
const open = (dataDir: string, clock: FakeClock): Core => createCore({ dataDir, clock, sync: { timers: systemClock } });
const aClock = new FakeClock(Date.now());
const bClock = new FakeClock(Date.now());
const a = open(dir, aClock);
const b = open(tomDir, bClock);
try {
  const site = a.services.racks.createSite(actor('alice'), { name: 'Ashburn', code: 'IAD1', address: '' });
  const dev = a.services.inventory.create(actor('alice'), deviceInput.parse({ name: 'web-01', type: 'server', siteId: site.id, serial: 'SN-E2E-1', status: 'available', notes: 'as bought' }));
  await a.services.sync.connect(url('alice', 'alice-secret-1'));
  await b.services.sync.connect(url('tom', 'tom-secret-12'));
  await a.services.sync.disconnect();
  await b.services.sync.disconnect();
  aClock.advance(1000);
  a.services.inventory.remove(actor('alice'), dev.id);
  bClock.advance(2000);
  b.services.inventory.update(actor('tom'), { id: dev.id, patch: { notes: 'B: PSU replaced' } });
  await a.services.sync.connect(url('alice', 'alice-secret-1'));
  const rb = await b.services.sync.connect(url('tom', 'tom-secret-12'));
  if (rb.conflicts !== 1) throw new Error(`expected one conflict, got ${rb.conflicts}`);
  await a.services.sync.syncNow();
  if (a.services.sync.listConflicts('open', 10).length !== 1) throw new Error('the conflict did not reach alice\'s store');
  process.stdout.write(`READY ${dev.id}\n`);
} finally {
  await a.services.sync.stop();
  await b.services.sync.stop();
  a.close();
  b.close();
  rmSync(tomDir, { recursive: true, force: true });
}
