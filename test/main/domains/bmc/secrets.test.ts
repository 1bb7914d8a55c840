// BMC credentials at rest (issue 4 part 7): sealed with the data folder's key file (0600) or
// the desktop's safeStorage when the host provides it; a wrong key fails clearly; a sealed
// value does not open for another server; nothing in clear in the store or the API.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src-main/core/clock';
import { createCore, type CoreConfig } from '../../../../src-main/core/create-core';
import { KEY_FILE, sealerBox, openSecretBox, type SecretSealer } from '../../../../src-main/core/secrets';
import { actor, makeCore, type TestCore } from '../../helpers';
import { BMC_PASSWORD } from './setup';

const tech = actor('technician', 'tina');
// nothing listens here: these tests never reach a BMC, they fail before (or at) the secret
const NOWHERE = 29759;

/**
 * A stand-in for Electron's safeStorage, which the desktop host passes to the core: what it
 * does inside (the OS keychain) is not under test here; the core's use of it is.
 */
function fakeSafeStorage(available = true): SecretSealer & { calls: number } {
  const key = randomBytes(32);
  return {
    name: 'electron-safeStorage (test keyring)',
    calls: 0,
    isAvailable: () => available,
    encrypt(plain) {
      this.calls++;
      const b = Buffer.from(plain, 'utf8');
      return Buffer.concat([Buffer.from('KR'), Buffer.from(b.map((x, i) => x ^ key[i % 32]!))]);
    },
    decrypt(c) {
      if (c.subarray(0, 2).toString() !== 'KR') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(c.subarray(2).map((x, i) => x ^ key[i % 32]!)).toString('utf8');
    },
  };
}

let t: TestCore | null = null;
let extra: Array<{ close(): void }> = [];
afterEach(() => {
  for (const c of extra.splice(0)) c.close();
  t?.close();
  t = null;
});

let nextAddress = 1;
async function withBmc(tc: TestCore, name = 'srv-1') {
  const api = tc.caller(tech);
  const device = await api.inventory.create({ name, type: 'server' });
  await api.bmc.set({ deviceId: device.id, address: `127.0.2.${nextAddress++}`, port: NOWHERE, username: 'admin', password: BMC_PASSWORD, kg: 'kg-secret-key' });
  return { api, device };
}

function reopen(dir: string, config: Partial<CoreConfig> = {}) {
  const core = createCore({ dataDir: dir, clock: new FakeClock(), ipmi: { session: { timeoutMs: 100, retries: 0, cipherSuiteProbeMs: 50 } }, ...config });
  extra.push(core);
  return core;
}

describe('BMC secrets at rest', () => {
  it('the key file is the owner\'s only (0600); the store holds ciphertext only', async () => {
    t = makeCore();
    const { api, device } = await withBmc(t);
    expect(statSync(join(t.dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    const raw = readFileSync(join(t.dir, 'noc.sqlite')).toString('latin1') + (() => {
      try {
        return readFileSync(join(t.dir, 'noc.sqlite-wal')).toString('latin1');
      } catch (_err) {
        return '';
      }
    })();
    expect(raw).not.toContain(BMC_PASSWORD);
    expect(raw).not.toContain('kg-secret-key');
    const row = t.core.services.store.db.prepare(`SELECT (SELECT sealed FROM shared_secrets WHERE purpose = 'bmc:' || ? || ':password') AS password, (SELECT sealed FROM shared_secrets WHERE purpose = 'bmc:' || ? || ':kg') AS kg`).get(device.id, device.id) as { password: string; kg: string };
    expect(row.password).toMatch(/^s1\./);
    expect(row.kg).toMatch(/^s1\./);
    const view = await api.bmc.get({ deviceId: device.id });
    expect(view).toMatchObject({ hasPassword: true, hasKg: true, secretProblem: null });
    expect(JSON.stringify(view)).not.toMatch(/Zq9|kg-secret/);
    // '' removes the Kg; absent keeps it
    expect((await api.bmc.set({ deviceId: device.id, address: '127.0.3.1', port: NOWHERE, username: 'admin', kg: '' })).hasKg).toBe(false);
  });

  it('another key cannot open them: the drawer and every action say so, and what to do', async () => {
    t = makeCore({ ipmi: { session: { timeoutMs: 100, retries: 0, cipherSuiteProbeMs: 50 } } });
    const { api, device } = await withBmc(t);
    // the password as another machine's key sealed it (a store file copied without its key)
    const otherMachine = openSecretBox(null);
    t.core.services.store.db.prepare(`UPDATE shared_secrets SET sealed = ? WHERE purpose = ?`).run(otherMachine.seal(BMC_PASSWORD, `bmc:${device.id}:password`), `bmc:${device.id}:password`);
    const view = await api.bmc.get({ deviceId: device.id });
    expect(view?.hasPassword).toBe(true);
    expect(view?.secretProblem).toMatch(/cannot be opened: .*sealed with another key .* Enter it again/);
    const err = await api.bmc.power({ deviceId: device.id, action: 'on' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect(err).toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/The BMC password of srv-1 cannot be opened/) });
    expect((await api.bmc.refresh({ deviceId: device.id })).error).toMatch(/cannot be opened/);
    // entering the password again fixes it
    await api.bmc.set({ deviceId: device.id, address: '127.0.3.1', port: NOWHERE, username: 'admin', password: BMC_PASSWORD, kg: '' });
    expect((await api.bmc.get({ deviceId: device.id }))?.secretProblem).toBeNull();
    await t.core.services.bmc.close();
  });

  it('a sealed password copied to another server does not open there', async () => {
    t = makeCore();
    const { device: a } = await withBmc(t, 'srv-a');
    const { device: b } = await withBmc(t, 'srv-b');
    const db = t.core.services.store.db;
    db.prepare(`UPDATE shared_secrets SET sealed = (SELECT sealed FROM shared_secrets WHERE purpose = ?) WHERE purpose = ?`).run(`bmc:${a.id}:password`, `bmc:${b.id}:password`);
    expect(t.core.services.bmc.get(b.id)?.secretProblem).toMatch(/another key or for another purpose/);
    expect(t.core.services.bmc.get(a.id)?.secretProblem).toBeNull();
  });

  it('with the desktop\'s safeStorage the secrets are sealed by it, and key-file values still open', async () => {
    t = makeCore();
    const { device: old } = await withBmc(t, 'srv-old'); // sealed with the key file (headless host)
    const dir = t.dir;
    t.core.close();
    t = { ...t, close: () => rmSync(dir, { recursive: true, force: true }) };
    const keychain = fakeSafeStorage();
    const desktop = reopen(dir, { secretSealer: keychain });
    const api = desktop.router.createCaller(desktop.createContext(tech));
    const device = await api.inventory.create({ name: 'srv-new', type: 'server' });
    await api.bmc.set({ deviceId: device.id, address: '127.0.3.1', port: NOWHERE, username: 'admin', password: BMC_PASSWORD });
    expect(keychain.calls).toBe(1);
    const row = desktop.services.store.db.prepare(`SELECT sealed AS password FROM shared_secrets WHERE purpose = 'bmc:' || ? || ':password'`).get(device.id) as { password: string };
    expect(row.password).toMatch(/^e1\./);
    expect(Buffer.from(row.password.slice(3), 'base64url').toString('latin1')).not.toContain(BMC_PASSWORD);
    expect(desktop.services.bmc.get(device.id)?.secretProblem).toBeNull();
    expect(desktop.services.bmc.get(old.id)?.secretProblem).toBeNull();
    expect(desktop.services.bmc.secrets.open(device.id, 'srv-new').password).toBe(BMC_PASSWORD);
    desktop.close();
    extra = [];
    // the same store without the keychain (headless host) cannot open it, and says why
    const headless = reopen(dir);
    expect(headless.services.bmc.get(device.id)?.secretProblem).toMatch(/sealed with the desktop app's keychain \(safeStorage\), which is not available here/);
    headless.close();
    extra = [];
    // a keychain that is locked now: new secrets fall back to the key file
    const locked = sealerBox(fakeSafeStorage(false), openSecretBox(dir));
    expect(locked.seal('x', 'p')).toMatch(/^s1\./);
  });
});
