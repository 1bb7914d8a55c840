// core/secrets.ts, the team key (issue 6): "s2.<keyId>." values, kept sealed with the machine
// key in team.key, opened beside the machine's own "s1." values; wrong key, tampered bytes and
// another purpose fail clearly, a missing team key says what to do.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSecretBox, sealedWith, sealerBox, SecretError, TEAM_KEY_FILE, TeamKeyMissingError, type SecretSealer } from '../../../src-main/core/secrets';

let dirs: string[] = [];
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), 'noc-team-secrets-'));
  dirs.push(d);
  return d;
};
beforeEach(() => { dirs = []; });
afterEach(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const TEAM = randomBytes(32);

describe('team key sealing', () => {
  it('without a team key, sealShared is the machine key; with one, "s2.<keyId>." that opens on another machine with the same team key', () => {
    const a = openSecretBox(folder());
    expect(a.teamKeyId()).toBeNull();
    const before = a.sealShared('public', 'snmp:c1');
    expect(before).toMatch(/^s1\./);
    expect(sealedWith(before)).toBe('machine');

    a.useTeamKey('k1', TEAM);
    const sealed = a.sealShared('authpass123', 'snmp:c1');
    expect(sealed).toMatch(/^s2\.k1\./);
    expect(sealed).not.toContain('authpass123');
    expect(sealedWith(sealed)).toBe('team');
    expect(a.isSealed(sealed)).toBe(true);
    expect(a.open(sealed, 'snmp:c1')).toBe('authpass123');
    expect(a.open(before, 'snmp:c1')).toBe('public'); // its own s1 values still open
    expect(a.seal('local', 'links-hmac-key')).toMatch(/^s1\./); // local-only values keep the machine key

    const b = openSecretBox(folder()); // another machine: another machine key
    expect(() => b.open(sealed, 'snmp:c1')).toThrow(TeamKeyMissingError);
    b.useTeamKey('k1', TEAM);
    expect(b.open(sealed, 'snmp:c1')).toBe('authpass123');
    expect(() => b.open(before, 'snmp:c1')).toThrow(/could not be opened with the key/); // A's machine value does not
  });

  it('wrong team key, tampered value and wrong purpose do not open', () => {
    const a = openSecretBox(folder());
    a.useTeamKey('k1', TEAM);
    const sealed = a.sealShared('secret-1', 'bmc:d1:password');
    expect(() => a.open(sealed, 'bmc:d2:password')).toThrow(/another purpose/);
    const other = openSecretBox(null);
    other.useTeamKey('k1', randomBytes(32)); // same id, another key
    expect(() => other.open(sealed, 'bmc:d1:password')).toThrow(SecretError);
    const body = sealed.slice('s2.k1.'.length);
    const flipped = Buffer.from(body, 'base64url');
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(() => a.open(`s2.k1.${flipped.toString('base64url')}`, 'bmc:d1:password')).toThrow(/changed/);
    expect(() => a.open('s2.k1.AAAA', 'bmc:d1:password')).toThrow(/truncated/);
    expect(() => a.open('s2..AAAA', 'bmc:d1:password')).toThrow(/damaged/);
    expect(() => a.open('plain text', 'bmc:d1:password')).toThrow(/Not a sealed secret/);
  });

  it('a missing team key says which one and what to do, without the secret', () => {
    const a = openSecretBox(null);
    a.useTeamKey('k20260101-abc', TEAM);
    const sealed = a.sealShared('hunter2', 'snmp:c9');
    const err = (() => {
      try {
        openSecretBox(null).open(sealed, 'snmp:c9');
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(TeamKeyMissingError);
    expect(err!.message).toMatch(/sealed with the team key \(k20260101-abc\).*your role cannot read it.*Log in to the shared database with a role that can/);
    expect(err!.message).not.toContain('hunter2');
  });

  it('keeps the team key sealed with the machine key in team.key (0600), for a restart without the network', () => {
    const dir = folder();
    openSecretBox(dir).useTeamKey('k1', TEAM);
    const file = join(dir, TEAM_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(TEAM.toString('base64'));
    expect(text).not.toContain(TEAM.toString('hex'));
    expect(JSON.parse(text)).toMatchObject({ current: 'k1', keys: { k1: expect.stringMatching(/^s1\./) } });
    // a new process (new box) of the same folder seals and opens with it
    const again = openSecretBox(dir);
    expect(again.teamKeyId()).toBe('k1');
    const sealed = again.sealShared('x', 'p');
    const elsewhere = openSecretBox(null);
    elsewhere.useTeamKey('k1', TEAM);
    expect(elsewhere.open(sealed, 'p')).toBe('x');
  });

  it('another box of the same folder sees a key fetched later (one process, several services)', () => {
    const dir = folder();
    const monitoring = openSecretBox(dir);
    const business = openSecretBox(dir);
    expect(business.teamKeyId()).toBeNull();
    monitoring.useTeamKey('k1', TEAM);
    expect(business.teamKeyId()).toBe('k1');
    expect(business.sealShared('x', 'p')).toMatch(/^s2\.k1\./);
    monitoring.forgetTeamKeys();
    expect(business.teamKeyId()).toBeNull();
    expect(business.sealShared('x', 'p')).toMatch(/^s1\./);
  });

  it('rotation: a new current key; values of the retired one still open', () => {
    const a = openSecretBox(folder());
    a.useTeamKey('k1', TEAM);
    const old = a.sealShared('v1', 'p');
    const next = randomBytes(32);
    a.useTeamKey('k2', next);
    expect(a.teamKeyId()).toBe('k2');
    expect(a.sealShared('v2', 'p')).toMatch(/^s2\.k2\./);
    expect(a.open(old, 'p')).toBe('v1');
  });

  it('refuses a team.key others can read, one from another machine, and bad keys', () => {
    const dir = folder();
    openSecretBox(dir).useTeamKey('k1', TEAM);
    chmodSync(join(dir, TEAM_KEY_FILE), 0o644);
    expect(() => openSecretBox(dir).teamKeyId()).toThrow(/chmod 600/);
    chmodSync(join(dir, TEAM_KEY_FILE), 0o600);
    const other = folder();
    writeFileSync(join(other, TEAM_KEY_FILE), readFileSync(join(dir, TEAM_KEY_FILE)), { mode: 0o600 });
    expect(() => openSecretBox(other).teamKeyId()).toThrow(/not sealed with this machine's key .*Delete it/);
    // the next fetch of the key (at connect) replaces it with one of this machine's
    const healed = openSecretBox(other);
    healed.useTeamKey('k1', TEAM);
    expect(healed.teamKeyId()).toBe('k1');
    expect(statSync(join(other, TEAM_KEY_FILE)).mode & 0o777).toBe(0o600);
    const a = openSecretBox(null);
    expect(() => a.useTeamKey('k.1', TEAM)).toThrow(/not a team key id/);
    expect(() => a.useTeamKey('k1', randomBytes(16))).toThrow(/not a 256-bit key/);
  });

  it('the desktop keychain box seals shared values with the team key once there is one', () => {
    const sealer: SecretSealer = {
      name: 'fake-keychain', isAvailable: () => true,
      encrypt: (p) => Buffer.from(p, 'utf8').reverse(), decrypt: (c) => Buffer.from(c).reverse().toString('utf8'),
    };
    const inner = openSecretBox(folder());
    const box = sealerBox(sealer, inner);
    expect(box.sealShared('pw', 'bmc:d1:password')).toMatch(/^e1\./); // standalone: the keychain
    const e1 = box.seal('pw', 'bmc:d1:password');
    box.useTeamKey('k1', TEAM);
    const s2 = box.sealShared('pw', 'bmc:d1:password');
    expect(s2).toMatch(/^s2\.k1\./);
    expect(box.open(s2, 'bmc:d1:password')).toBe('pw');
    expect(box.open(e1, 'bmc:d1:password')).toBe('pw');
    expect(box.seal('pw', 'local')).toMatch(/^e1\./); // local values stay in the keychain
  });
});
