// The live key (issue 6): poll results travel between clients as NOTIFYs on `noc_live`
// (pollers/live-share.ts), and PostgreSQL cannot restrict LISTEN or NOTIFY by GRANT — any
// login that can connect, a customer's too, may listen on the channel and send on it. So
// every live message is sealed with AES-256-GCM under a key that only staff may read:
//
//  - noc_live_keys (migration 0010): 256-bit keys with a key id, made by `noc db migrate`
//    (ensureLiveKey, from Node's crypto). SELECT is granted to all five staff group roles — a
//    wall on a viewer's login shows live results — and to no customer role: PostgreSQL itself
//    refuses a customer's login (42501).
//  - A client fetches it on every connect as the person's own login (fetchLiveKey, called from
//    teamKeyOnConnect) and keeps it in memory only: live hints are useless offline. A refused
//    login forgets the key kept before (whoever logs in here now may not read it).
//  - Sealed: "l1.<keyId>.<base64(nonce 12 | tag 16 | ciphertext)>", the message kind as
//    associated data. The tag authenticates too: a NOTIFY sent by a login without the key
//    (a customer may send one) cannot pass for a poll result.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { LiveBook } from '../pollers/live';
import { ensureKey, readKeys, type KeyFetch } from './key-table';
import { SyncError } from './pg';

const PREFIX = 'l1.';
const NONCE = 12;
const TAG = 16;
/** the migration's CHECK on key_id */
export const MAX_KEY_ID = 40;
const KEY_ID = /^[A-Za-z0-9_-]{1,40}$/;

/** Characters of a sealed message whose plaintext has `plainBytes` bytes (with the longest key id). */
export function sealedLength(plainBytes: number): number {
  return PREFIX.length + MAX_KEY_ID + 1 + 4 * Math.ceil((NONCE + TAG + plainBytes) / 3);
}

export type LiveOpen =
  | { ok: true; text: string }
  /** no-key: this client has no live key (a customer's login, or not fetched yet); unknown-key: sealed with a key this client has not fetched */
  | { ok: false; reason: 'no-key' | 'unknown-key' }
  /** not sealed, malformed, or the tag does not verify: not from a client holding the key */
  | { ok: false; reason: 'forged' };

/** The live key(s) a client holds in memory, and sealing and opening with them. */
export class LiveKeys {
  private keys = new Map<string, Buffer>();
  private current: string | null = null;

  /** `current`: the key new messages are sealed with; the others (retired) still open. */
  use(keyId: string, key: Buffer, current: boolean): void {
    if (!KEY_ID.test(keyId) || key.length !== 32) throw new Error(`live key ${JSON.stringify(keyId)} is not a 32-byte key with a short id`);
    this.keys.set(keyId, Buffer.from(key));
    if (current) this.current = keyId;
  }

  forget(): void {
    for (const k of this.keys.values()) k.fill(0);
    this.keys.clear();
    this.current = null;
  }

  keyId(): string | null {
    return this.current;
  }

  /** The sealed text, or null without a current key (then nothing is sent). */
  seal(kind: string, text: string): string | null {
    const key = this.current === null ? undefined : this.keys.get(this.current);
    if (!key) return null;
    const nonce = randomBytes(NONCE);
    const c = createCipheriv('aes-256-gcm', key, nonce);
    c.setAAD(Buffer.from(kind));
    const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
    return `${PREFIX}${this.current}.${Buffer.concat([nonce, c.getAuthTag(), body]).toString('base64')}`;
  }

  open(kind: string, sealed: unknown): LiveOpen {
    if (typeof sealed !== 'string' || !sealed.startsWith(PREFIX)) return { ok: false, reason: 'forged' };
    const dot = sealed.indexOf('.', PREFIX.length);
    if (dot < 0) return { ok: false, reason: 'forged' };
    if (this.keys.size === 0) return { ok: false, reason: 'no-key' };
    const key = this.keys.get(sealed.slice(PREFIX.length, dot));
    if (!key) return { ok: false, reason: 'unknown-key' };
    const raw = Buffer.from(sealed.slice(dot + 1), 'base64');
    if (raw.length < NONCE + TAG) return { ok: false, reason: 'forged' };
    try {
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE));
      d.setAAD(Buffer.from(kind));
      d.setAuthTag(raw.subarray(NONCE, NONCE + TAG));
      return { ok: true, text: Buffer.concat([d.update(raw.subarray(NONCE + TAG)), d.final()]).toString('utf8') };
    } catch (_err) {
      return { ok: false, reason: 'forged' }; // the tag does not verify
    }
  }
}

// One holder per client: the core's LiveBook (its live state) names the client, so the sync's
// connect step and the live sharing of the same core find the same key without more wiring.
const holders = new WeakMap<LiveBook, LiveKeys>();

export function liveKeysOf(book: LiveBook): LiveKeys {
  let k = holders.get(book);
  if (!k) {
    k = new LiveKeys();
    holders.set(book, k);
  }
  return k;
}

/** Makes the first live key when there is none (inside `noc db migrate`'s transaction). Returns the current key id. */
export const ensureLiveKey = (client: pg.ClientBase): Promise<string> => ensureKey(client, 'noc_live_keys', 'l');

export type LiveKeyFetch = KeyFetch;

/** Fetches the live key(s) as the connected login into `keys` (memory only). */
export async function fetchLiveKey(client: pg.ClientBase, keys: LiveKeys): Promise<LiveKeyFetch> {
  const rows = await readKeys(client, 'noc_live_keys');
  keys.forget();
  if (rows === 'refused') {
    return { state: 'refused', keyId: null, message: 'This login may not read the live key (only staff logins may): live poll results of other clients are not shown here, and this client shares none.' };
  }
  if (rows.length === 0) {
    return { state: 'none', keyId: null, message: 'The shared database has no live key yet: an admin runs `noc db migrate`. Live poll results are not shared until then.' };
  }
  for (const r of rows) keys.use(r.key_id, r.key, !r.retired);
  const keyId = keys.keyId();
  if (!keyId) throw new SyncError('refused', 'The shared database has only retired live keys: an admin runs `noc db migrate` to make a current one.');
  return { state: 'fetched', keyId, message: `Live key ${keyId} fetched.` };
}
