// Secrets at rest (SNMP communities and v3 keys, BMC passwords, root passwords): AES-256-GCM
// with a 256-bit key kept in a file in the data folder that only its owner may read.
//
//   sealed = "s1." + base64url(iv[12] | tag[16] | ciphertext)
//
// `purpose` is bound in as additional authenticated data, so a sealed value copied into
// another row or field ("snmp:<credentialId>" vs "bmc:<deviceId>") fails to open instead
// of decrypting. Plaintexts are never logged; errors name the file and what to do, never
// the secret.
//
// The key file is made on first use with mode 0600 (O_EXCL: two processes starting at once
// cannot both write one). A key file that group or others can read is refused: it would
// not protect anything. Without a data folder (':memory:' stores, tests) the key lives in
// memory for the life of the process.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, statSync, writeSync, constants } from 'node:fs';
import { join } from 'node:path';

const PREFIX = 's1.';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_FILE = 'secret.key';

export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretError';
  }
}

export interface SecretBox {
  seal(plaintext: string, purpose: string): string;
  open(sealed: string, purpose: string): string;
  isSealed(value: string): boolean;
  /** Where the key is ('memory' when there is no data folder). */
  readonly keyPath: string;
}

/** The box for a data folder (its key file is created when missing), or an in-memory one. */
export function openSecretBox(dataDir: string | null): SecretBox {
  if (!dataDir) return boxWith(randomBytes(KEY_BYTES), 'memory');
  const path = join(dataDir, KEY_FILE);
  return boxWith(loadOrCreateKey(path), path);
}

function loadOrCreateKey(path: string): Buffer {
  try {
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      const key = randomBytes(KEY_BYTES);
      writeSync(fd, key.toString('base64') + '\n');
      if ((fstatSync(fd).mode & 0o077) !== 0) throw new SecretError(`Could not make ${path} private to its owner.`);
      return key;
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      if (err instanceof SecretError) throw err;
      throw new SecretError(`Cannot create the key file ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'}). Is the data folder writable?`);
    }
  }
  const st = statSync(path);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    throw new SecretError(`The key file ${path} can be read by other users (mode ${(st.mode & 0o777).toString(8)}). Run \`chmod 600 ${path}\` and start again.`);
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new SecretError(`The key file ${path} is damaged (not a 256-bit key). Restore it from a backup: without it the stored secrets cannot be read.`);
  return key;
}

function boxWith(key: Buffer, keyPath: string): SecretBox {
  return {
    keyPath,
    isSealed: (value) => value.startsWith(PREFIX),
    seal(plaintext, purpose) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(purpose, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed, purpose) {
      if (!sealed.startsWith(PREFIX)) throw new SecretError('Not a sealed secret.');
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretError('A sealed secret is truncated.');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch (_err) {
        throw new SecretError(`A stored secret could not be opened with the key ${keyPath}: it was sealed with another key or for another purpose, or it was changed. Enter it again.`);
      }
    },
  };
}

// ---- The desktop's OS keychain (issue 4 part 7) -----------------------------------------
// Electron's safeStorage (Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux)
// protects a secret with the person's login instead of a key file beside the store. Only
// the Electron host may import electron, so it hands the core this small interface; the
// headless host and the CLI have none and keep the AES-256-GCM key file above.

/** What the Electron host provides from `safeStorage` (see README: "Secrets at rest"). */
export interface SecretSealer {
  /** e.g. 'electron-safeStorage (gnome_libsecret)' */
  readonly name: string;
  /** false on Linux without a keyring (safeStorage would fall back to a fixed, public key) */
  isAvailable(): boolean;
  encrypt(plaintext: string): Buffer;
  decrypt(ciphertext: Buffer): string;
}

const SEALER_PREFIX = 'e1.';

/**
 * A box that seals with the host's sealer when it is available, and opens both what it sealed
 * ("e1.") and what the key file sealed ("s1.", e.g. before the desktop app was first used), so
 * a store moves between the headless host and the desktop without losing its secrets.
 * `purpose` is bound in as with the key file: a value copied to another row does not open.
 */
export function sealerBox(sealer: SecretSealer | null | undefined, fallback: SecretBox): SecretBox {
  if (!sealer) {
    // the headless host and the CLI: what the desktop sealed cannot be opened here; say so
    return {
      keyPath: fallback.keyPath,
      isSealed: (value) => value.startsWith(SEALER_PREFIX) || fallback.isSealed(value),
      seal: (plaintext, purpose) => fallback.seal(plaintext, purpose),
      open(sealed, purpose) {
        if (sealed.startsWith(SEALER_PREFIX)) throw new SecretError('A stored secret was sealed with the desktop app\'s keychain (safeStorage), which is not available here (headless host or command line). Use the desktop app, or enter it again.');
        return fallback.open(sealed, purpose);
      },
    };
  }
  const use = (): boolean => {
    try {
      return sealer.isAvailable();
    } catch (_err) {
      return false;
    }
  };
  return {
    get keyPath() {
      return use() ? sealer.name : fallback.keyPath;
    },
    isSealed: (value) => value.startsWith(SEALER_PREFIX) || fallback.isSealed(value),
    seal(plaintext, purpose) {
      if (!use()) return fallback.seal(plaintext, purpose);
      return SEALER_PREFIX + sealer.encrypt(JSON.stringify({ p: purpose, v: plaintext })).toString('base64url');
    },
    open(sealed, purpose) {
      if (!sealed.startsWith(SEALER_PREFIX)) return fallback.open(sealed, purpose);
      if (!use()) throw new SecretError(`A stored secret was sealed with ${sealer.name}, which is not available now (is the keyring unlocked?). Unlock it, or enter the secret again.`);
      let inner: { p?: unknown; v?: unknown };
      try {
        inner = JSON.parse(sealer.decrypt(Buffer.from(sealed.slice(SEALER_PREFIX.length), 'base64url'))) as { p?: unknown; v?: unknown };
      } catch (_err) {
        throw new SecretError(`A stored secret could not be opened with ${sealer.name}: it was sealed by another user or machine, or it was changed. Enter it again.`);
      }
      if (inner.p !== purpose || typeof inner.v !== 'string') throw new SecretError('A stored secret was sealed for another purpose (copied from another row?). Enter it again.');
      return inner.v;
    },
  };
}
