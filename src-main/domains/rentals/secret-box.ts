// The secret box for root passwords: AES-256-GCM with a 32-byte key kept in a file that
// only the owner can read (0600) beside the store. Interim: the monitoring engineer's
// src-main/core/secrets.ts (seal/open) replaces this once it exists, so one key serves all.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretBox } from './root-passwords';

const VERSION = 'v1';

export function keyFromFile(file: string): Buffer {
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) throw new Error(`The key file ${file} can be read by others (mode ${mode.toString(8)}). Run: chmod 600 ${file}`);
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`The key file ${file} is damaged (expected 32 bytes of base64).`);
    return key;
  }
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

export function aesGcmBox(key: Buffer): SecretBox {
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
    },
    open(sealed) {
      const [v, iv, body, tag] = sealed.split('.');
      if (v !== VERSION || !iv || body === undefined || !tag) throw new Error('Not a sealed secret of this version.');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/** The box for a store folder (null: an in-memory store gets a key that lives as long as the process). */
export function secretBoxFor(dir: string | null): SecretBox {
  return aesGcmBox(dir ? keyFromFile(join(dir, 'secrets.key')) : randomBytes(32));
}
