// core/secrets.ts: AES-256-GCM with a key file only its owner can read.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEY_FILE, openSecretBox, SecretError } from '../../../../src-main/core/secrets';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'noc-secrets-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('secrets', () => {
  it('seals and opens; the sealed text does not contain the secret', () => {
    const box = openSecretBox(dir);
    const sealed = box.seal('community-s3cret', 'snmp:c1');
    expect(sealed).not.toContain('s3cret');
    expect(box.isSealed(sealed)).toBe(true);
    expect(box.open(sealed, 'snmp:c1')).toBe('community-s3cret');
    expect(box.seal('x', 'p')).not.toBe(box.seal('x', 'p')); // random IV
  });

  it('creates the key file with mode 600 and reuses it', () => {
    const sealed = openSecretBox(dir).seal('k', 'p');
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(openSecretBox(dir).open(sealed, 'p')).toBe('k');
  });

  it('refuses a key file others can read, and says how to fix it', () => {
    openSecretBox(dir);
    chmodSync(join(dir, KEY_FILE), 0o644);
    expect(() => openSecretBox(dir)).toThrow(/chmod 600/);
  });

  it('a value sealed for another purpose, another key or changed does not open', () => {
    const box = openSecretBox(dir);
    const sealed = box.seal('secret', 'snmp:c1');
    expect(() => box.open(sealed, 'snmp:c2')).toThrow(SecretError);
    expect(() => openSecretBox(null).open(sealed, 'snmp:c1')).toThrow(SecretError);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(tampered, 'snmp:c1')).toThrow(/could not be opened/);
    try {
      box.open(sealed, 'other');
    } catch (err) {
      expect(String(err)).not.toContain('secret"');
    }
  });

  it('a damaged key file is reported, not silently replaced', () => {
    writeFileSync(join(dir, KEY_FILE), 'short\n', { mode: 0o600 });
    expect(() => openSecretBox(dir)).toThrow(/damaged/);
    expect(readFileSync(join(dir, KEY_FILE), 'utf8')).toBe('short\n');
  });
});
