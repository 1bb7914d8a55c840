// Secrets at rest (SNMP communities and v3 keys, BMC passwords, root passwords): AES-256-GCM.
//
//   machine key:  sealed = "s1." + base64url(iv[12] | tag[16] | ciphertext)
//   team key:     sealed = "s2." + keyId + "." + base64url(iv[12] | tag[16] | ciphertext)
//
// `purpose` is bound in as additional authenticated data, so a sealed value copied into
// another row or field ("snmp:<credentialId>" vs "bmc:<deviceId>") fails to open instead
// of decrypting. Plaintexts are never logged; errors name the file and what to do, never
// the secret.
//
// The machine key ("s1.") is a file in the data folder that only its owner may read: what it
// seals opens on this machine only. It is made on first use with mode 0600 (O_EXCL: two
// processes starting at once cannot both write one). A key file that group or others can read
// is refused: it would not protect anything. Without a data folder (':memory:' stores, tests)
// the key lives in memory for the life of the process.
//
// The team key ("s2.<keyId>.", issue 6) is what makes a secret that syncs open on every
// client of a shared database: it is made by `noc db migrate` and kept in PostgreSQL, readable
// only by the roles that need secrets (src-main/sync/team-key.ts). A client fetches it when it
// connects, as the person's own login, and keeps it for offline use in `team.key` beside the
// machine key — sealed with the machine key, mode 0600, never in plain text. Values for rows
// that sync are sealed with sealShared() (the team key once this machine has one); values that
// never leave the machine keep seal() (the machine key), so losing the team key (a viewer's
// login) never locks this machine out of its own local secrets. open() takes both.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync, constants } from 'node:fs';
import { join } from 'node:path';

const PREFIX = 's1.';
const TEAM_PREFIX = 's2.';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_FILE = 'secret.key';
export const TEAM_KEY_FILE = 'team.key';
/** The desktop's safeStorage (sealerBox below). */
const SEALER_PREFIX = 'e1.';
/** A team key's id: short, no dot (it is part of the "s2.<keyId>." prefix). */
export const TEAM_KEY_ID = /^[A-Za-z0-9_-]{1,40}$/;

export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretError';
  }
}

/** A value sealed with a team key this machine does not have (a viewer's client, not connected yet). */
export class TeamKeyMissingError extends SecretError {
  constructor(readonly keyId: string) {
    super(`This secret is sealed with the team key (${keyId}), which this machine does not have: your role cannot read it, or this client has not fetched it yet. Log in to the shared database with a role that can (admin, technician, provisioning); the key is fetched when it connects.`);
    this.name = 'TeamKeyMissingError';
  }
}

export interface SecretBox {
  /** Sealed for this machine only (values that never sync). */
  seal(plaintext: string, purpose: string): string;
  /** Sealed for a row that syncs: with the team key when this machine has one, else as seal(). */
  sealShared(plaintext: string, purpose: string): string;
  /** Opens "s1." (this machine) and "s2." (a team key this machine has) values. */
  open(sealed: string, purpose: string): string;
  isSealed(value: string): boolean;
  /** Where the key is ('memory' when there is no data folder). */
  readonly keyPath: string;
  /** The team key sealShared() uses, or null (standalone, or a role without access). */
  teamKeyId(): string | null;
  /** Keeps a team key (sealed with the machine key) and makes it the current one. */
  useTeamKey(keyId: string, key: Buffer): void;
  /** Drops every team key kept here (the person's login may no longer read it). */
  forgetTeamKeys(): void;
}

/** The box for a data folder (its key file is created when missing), or an in-memory one. */
export function openSecretBox(dataDir: string | null): SecretBox {
  if (!dataDir) return boxWith(randomBytes(KEY_BYTES), 'memory', null);
  const path = join(dataDir, KEY_FILE);
  return boxWith(loadOrCreateKey(path), path, join(dataDir, TEAM_KEY_FILE));
}

/** "s1." or "s2." value → which kind of key opens it (for re-sealing and messages). */
export function sealedWith(value: string): 'machine' | 'team' | 'desktop' | null {
  if (value.startsWith(PREFIX)) return 'machine';
  if (value.startsWith(TEAM_PREFIX)) return 'team';
  if (value.startsWith(SEALER_PREFIX)) return 'desktop';
  return null;
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

function encrypt(key: Buffer, plaintext: string, purpose: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The plaintext, or null when the key, the purpose or the bytes do not match. */
function decrypt(key: Buffer, body: string, purpose: string): string | null {
  const raw = Buffer.from(body, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretError('A sealed secret is truncated.');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(purpose, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (_err) {
    return null;
  }
}

interface TeamKeys { current: string | null; keys: Map<string, Buffer> }

function boxWith(key: Buffer, keyPath: string, teamPath: string | null): SecretBox {
  const sealMachine = (plaintext: string, purpose: string) => PREFIX + encrypt(key, plaintext, purpose);
  const openMachine = (sealed: string, purpose: string) => {
    const out = decrypt(key, sealed.slice(PREFIX.length), purpose);
    if (out === null) throw new SecretError(`A stored secret could not be opened with the key ${keyPath}: it was sealed with another key or for another purpose, or it was changed. Enter it again.`);
    return out;
  };
  // Team keys: in the team.key file (re-read when another process of this data folder changed
  // it), or in memory without a data folder.
  let memory: TeamKeys = { current: null, keys: new Map() };
  let seen = '';
  const team = (): TeamKeys => {
    if (!teamPath) return memory;
    let stamp: string;
    try {
      const st = statSync(teamPath);
      stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch (_err) {
      stamp = 'none';
    }
    if (stamp !== seen) {
      memory = stamp === 'none' ? { current: null, keys: new Map() } : readTeamFile(teamPath, openMachine);
      seen = stamp;
    }
    return memory;
  };
  return {
    keyPath,
    isSealed: (value) => value.startsWith(PREFIX) || value.startsWith(TEAM_PREFIX),
    seal: sealMachine,
    sealShared(plaintext, purpose) {
      const t = team();
      const k = t.current ? t.keys.get(t.current) : undefined;
      if (!t.current || !k) return sealMachine(plaintext, purpose);
      return `${TEAM_PREFIX}${t.current}.${encrypt(k, plaintext, purpose)}`;
    },
    open(sealed, purpose) {
      if (sealed.startsWith(PREFIX)) return openMachine(sealed, purpose);
      if (!sealed.startsWith(TEAM_PREFIX)) throw new SecretError('Not a sealed secret.');
      const dot = sealed.indexOf('.', TEAM_PREFIX.length);
      const keyId = dot > 0 ? sealed.slice(TEAM_PREFIX.length, dot) : '';
      if (!TEAM_KEY_ID.test(keyId)) throw new SecretError('A sealed secret is damaged (no team key id).');
      const k = team().keys.get(keyId);
      if (!k) throw new TeamKeyMissingError(keyId);
      const out = decrypt(k, sealed.slice(dot + 1), purpose);
      if (out === null) throw new SecretError(`A stored secret could not be opened with the team key ${keyId}: it was sealed for another purpose (copied from another row?) or with another team key, or it was changed. Enter it again.`);
      return out;
    },
    teamKeyId: () => team().current,
    useTeamKey(keyId, teamKey) {
      if (!TEAM_KEY_ID.test(keyId)) throw new SecretError(`"${keyId}" is not a team key id (letters, digits, - and _ only).`);
      if (teamKey.length !== KEY_BYTES) throw new SecretError(`The team key ${keyId} is not a 256-bit key: the shared database's noc_team_keys row is damaged. An admin runs \`noc db migrate\` to repair it.`);
      let t: TeamKeys;
      try {
        t = team();
      } catch (_err) {
        t = { current: null, keys: new Map() }; // a team.key that is not ours (copied, too open): the fetched key replaces it
      }
      const known = t.keys.get(keyId);
      if (t.current === keyId && known?.equals(teamKey)) return;
      const keys = new Map(t.keys).set(keyId, Buffer.from(teamKey));
      if (!teamPath) {
        memory = { current: keyId, keys };
        return;
      }
      writeTeamFile(teamPath, { current: keyId, keys }, sealMachine);
      seen = '';
    },
    forgetTeamKeys() {
      memory = { current: null, keys: new Map() };
      if (teamPath) rmSync(teamPath, { force: true });
      seen = '';
    },
  };
}

/** team.key: {"current": id, "keys": {id: machine-sealed base64 key}}; mode 0600 like the key file. */
function readTeamFile(path: string, openMachine: (sealed: string, purpose: string) => string): TeamKeys {
  const st = statSync(path);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    throw new SecretError(`The team key file ${path} can be read by other users (mode ${(st.mode & 0o777).toString(8)}). Run \`chmod 600 ${path}\` and start again.`);
  }
  let parsed: { current?: unknown; keys?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as { current?: unknown; keys?: unknown };
  } catch (_err) {
    throw new SecretError(`The team key file ${path} is damaged. Delete it: the team key is fetched again when this client connects to the shared database.`);
  }
  const keys = new Map<string, Buffer>();
  for (const [id, sealed] of Object.entries(parsed.keys && typeof parsed.keys === 'object' ? parsed.keys : {})) {
    if (!TEAM_KEY_ID.test(id) || typeof sealed !== 'string') continue;
    let k: Buffer;
    try {
      k = Buffer.from(openMachine(sealed, `team-key:${id}`), 'base64');
    } catch (_err) {
      throw new SecretError(`The team key file ${path} was not sealed with this machine's key (copied from another machine?). Delete it: the team key is fetched again when this client connects to the shared database.`);
    }
    if (k.length === KEY_BYTES) keys.set(id, k);
  }
  const current = typeof parsed.current === 'string' && keys.has(parsed.current) ? parsed.current : null;
  return { current, keys };
}

/** Written beside and renamed over: a reader never sees half a file. */
function writeTeamFile(path: string, t: TeamKeys, sealMachine: (plaintext: string, purpose: string) => string): void {
  const keys: Record<string, string> = {};
  for (const [id, k] of t.keys) keys[id] = sealMachine(k.toString('base64'), `team-key:${id}`);
  const tmp = `${path}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, JSON.stringify({ current: t.current, keys }) + '\n');
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
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

/**
 * A box that seals with the host's sealer when it is available, and opens both what it sealed
 * ("e1.") and what the key file sealed ("s1.", e.g. before the desktop app was first used), so
 * a store moves between the headless host and the desktop without losing its secrets.
 * `purpose` is bound in as with the key file: a value copied to another row does not open.
 * Values for rows that sync (sealShared) use the team key once there is one: another client
 * could not open this machine's keychain.
 */
export function sealerBox(sealer: SecretSealer | null | undefined, fallback: SecretBox): SecretBox {
  if (!sealer) {
    // the headless host and the CLI: what the desktop sealed cannot be opened here; say so
    return {
      keyPath: fallback.keyPath,
      isSealed: (value) => value.startsWith(SEALER_PREFIX) || fallback.isSealed(value),
      seal: (plaintext, purpose) => fallback.seal(plaintext, purpose),
      sealShared: (plaintext, purpose) => fallback.sealShared(plaintext, purpose),
      teamKeyId: () => fallback.teamKeyId(),
      useTeamKey: (keyId, key) => fallback.useTeamKey(keyId, key),
      forgetTeamKeys: () => fallback.forgetTeamKeys(),
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
  const seal = (plaintext: string, purpose: string): string => {
    if (!use()) return fallback.seal(plaintext, purpose);
    return SEALER_PREFIX + sealer.encrypt(JSON.stringify({ p: purpose, v: plaintext })).toString('base64url');
  };
  return {
    get keyPath() {
      return use() ? sealer.name : fallback.keyPath;
    },
    isSealed: (value) => value.startsWith(SEALER_PREFIX) || fallback.isSealed(value),
    seal,
    sealShared: (plaintext, purpose) => (fallback.teamKeyId() ? fallback.sealShared(plaintext, purpose) : seal(plaintext, purpose)),
    teamKeyId: () => fallback.teamKeyId(),
    useTeamKey: (keyId, key) => fallback.useTeamKey(keyId, key),
    forgetTeamKeys: () => fallback.forgetTeamKeys(),
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
