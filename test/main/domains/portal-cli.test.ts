// `noc user add NAME --role customer --customer REF`: a portal login linked to its customer,
// run as a user runs it (a new process each), and the refusals that keep a login from being
// linked to nothing or a staff login from being linked to a customer.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerInput } from '../../../shared/schemas/customers';
import { createCore, localActor } from '../../../src-main/core/create-core';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');

async function noc(dir: string, ...args: string[]): Promise<{ out: string; err: string; code: number }> {
  try {
    const r = await run(process.execPath, [join(ROOT, 'bin', 'noc.mjs'), ...args, '--data', dir], { cwd: ROOT, timeout: 60_000, env: { ...process.env, NOC_PASSWORD: 'portal-secret-1' } });
    return { out: r.stdout, err: r.stderr, code: 0 };
  } catch (e) {
    const x = e as { stdout: string; stderr: string; code: number };
    return { out: x.stdout, err: x.stderr, code: x.code };
  }
}

describe('noc user add --role customer --customer', () => {
  let dir: string;
  let acmeId = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'noc-cli-portal-'));
    const core = createCore({ dataDir: dir });
    acmeId = core.services.customers.create({ actor: localActor() }, customerInput.parse({ name: 'Acme Portal', email: 'ops@acme-portal.example' })).id;
    core.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('links a customer login to its customer (by e-mail or id); refuses a missing, unknown or misplaced --customer', async () => {
    expect(await noc(dir, 'user', 'add', 'acme-ops', '--role', 'customer', '--customer', 'ops@acme-portal.example')).toMatchObject({ code: 0, out: 'Added acme-ops (customer of Acme Portal).\n' });
    expect(await noc(dir, 'user', 'add', 'acme-billing', '--role', 'customer', '--customer', acmeId)).toMatchObject({ code: 0 });

    expect(await noc(dir, 'user', 'add', 'lost', '--role', 'customer')).toMatchObject({ code: 2, err: 'noc: A customer login needs its customer: --customer ID (or e-mail, or exact name; see `noc customers list`).\n' });
    expect(await noc(dir, 'user', 'add', 'lost', '--role', 'customer', '--customer', 'Nobody Inc')).toMatchObject({ code: 2, err: 'noc: No customer called Nobody Inc. Try `noc customers list --text Nobody Inc`.\n' });
    expect(await noc(dir, 'user', 'add', 'tom', '--role', 'technician', '--customer', acmeId)).toMatchObject({ code: 2, err: 'noc: --customer is for customer logins only; technician is a staff role.\n' });

    // Nothing half-written: only the two good logins exist, and they log in as their customer.
    const core = createCore({ dataDir: dir });
    try {
      expect(core.services.auth.users().map((u) => [u.name, u.role, u.customerId])).toEqual([['acme-billing', 'customer', acmeId], ['acme-ops', 'customer', acmeId]]);
      expect(core.services.auth.login('acme-ops', 'portal-secret-1')?.actor).toEqual({ id: 'local:acme-ops', name: 'acme-ops', role: 'customer', customerId: acmeId });
    } finally {
      core.close();
    }
  }, 120_000);
});
