// Links that customers open from an e-mail, without logging in.
//  - One-time links (root password hand-over): a random token; only its SHA-256 is stored,
//    with an expiry; consuming it marks it used in the same statement that checks it.
//  - Signed tokens (cancellation confirmation): "c1.<id>.<expiry>.<HMAC-SHA256>", with a key
//    that never leaves this machine; the row they point to records that it was used.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../core/clock';
import type { Store } from '../../store/repository';

export type LinkRefusal = 'unknown' | 'expired' | 'used' | 'forged';

export class LinkError extends Error {
  constructor(readonly reason: LinkRefusal, message: string) {
    super(message);
    this.name = 'LinkError';
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class OneTimeLinks {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  /** A fresh token for purpose/ref, valid for ttlMs. Returned once; only its hash is kept. */
  create(purpose: string, refId: string, ttlMs: number): { token: string; expiresAt: string } {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now + ttlMs).toISOString();
    this.store.prepare(`INSERT INTO one_time_links (token_hash, purpose, ref_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`)
      .run(sha256(token), purpose, refId, new Date(now).toISOString(), expiresAt);
    return { token, expiresAt };
  }

  /** Checks without using it (the page that offers the button). */
  peek(purpose: string, token: string): { refId: string; expiresAt: string } {
    const row = this.store.prepare(`SELECT * FROM one_time_links WHERE token_hash = ? AND purpose = ?`).get(sha256(token), purpose) as { ref_id: string; expires_at: string; used_at: string | null } | undefined;
    if (!row) throw new LinkError('unknown', 'This link is not valid. Check that it was copied completely.');
    if (row.used_at) throw new LinkError('used', `This link was already used (${row.used_at.slice(0, 16).replace('T', ' ')} UTC). Ask us for a new one if you need it again.`);
    if (row.expires_at <= new Date(this.clock.now()).toISOString()) throw new LinkError('expired', `This link expired on ${row.expires_at.slice(0, 16).replace('T', ' ')} UTC. Ask us for a new one.`);
    return { refId: row.ref_id, expiresAt: row.expires_at };
  }

  /** Uses the link: succeeds once, then never again. */
  consume(purpose: string, token: string): string {
    return this.store.write(() => {
      const { refId } = this.peek(purpose, token);
      const now = new Date(this.clock.now()).toISOString();
      const r = this.store.prepare(`UPDATE one_time_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL`).run(now, sha256(token));
      if (r.changes !== 1) throw new LinkError('used', 'This link was already used.');
      return refId;
    });
  }
}

export class SignedTokens {
  constructor(private readonly key: Buffer, private readonly clock: Clock) {}

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  sign(id: string, expiresAtMs: number): string {
    const payload = `c1.${id}.${expiresAtMs.toString(36)}`;
    return `${payload}.${this.mac(payload)}`;
  }

  /** The id the token was signed for, or a LinkError saying why not (forged before expired). */
  verify(token: string): string {
    const parts = token.split('.');
    if (parts.length !== 4 || parts[0] !== 'c1') throw new LinkError('forged', 'This link is not valid. Check that it was copied completely.');
    const [v, id, exp, mac] = parts as [string, string, string, string];
    const expected = Buffer.from(this.mac(`${v}.${id}.${exp}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new LinkError('forged', 'This link is not valid (its signature does not match). Use the link from the e-mail exactly as sent.');
    const expiresAt = parseInt(exp, 36);
    if (!(expiresAt > this.clock.now())) throw new LinkError('expired', `This link expired on ${new Date(expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC. Nothing was changed; ask us to send a new one.`);
    return id;
  }
}
