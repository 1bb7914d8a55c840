// Root passwords of rented servers: sealed at rest (AES-256-GCM through core/secrets.ts,
// whose key file only the owner can read; the rental id is bound in as the purpose, so a
// sealed value copied to another rental does not open), never logged, never in an e-mail.
// Staff read one only through reveal(), which writes an audit entry with their reason;
// the customer gets it through a one-time link (see notifications/links.ts).
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock';
import { precondition } from '../../core/errors';
import type { SecretBox } from '../../core/secrets';
import type { Store, WriteContext } from '../../store/repository';

const purpose = (rentalId: string) => `rental-root-password:${rentalId}`;

export class RootPasswords {
  constructor(private readonly db: Store, private readonly box: SecretBox, private readonly clock: Clock) {}

  /** 20 characters from a 62-letter alphabet: ~119 bits. */
  generate(): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
    const bytes = randomBytes(40);
    let out = '';
    for (const b of bytes) {
      if (b >= 256 - (256 % alphabet.length)) continue; // no modulo bias
      out += alphabet[b % alphabet.length];
      if (out.length === 20) break;
    }
    return out.length === 20 ? out : this.generate();
  }

  keep(ctx: WriteContext, rentalId: string, password: string): void {
    this.db.prepare(`INSERT INTO rental_secrets (rental_id, sealed, set_at, set_by) VALUES (?, ?, ?, ?)
      ON CONFLICT(rental_id) DO UPDATE SET sealed = excluded.sealed, set_at = excluded.set_at, set_by = excluded.set_by`)
      .run(rentalId, this.box.seal(password, purpose(rentalId)), new Date(this.clock.now()).toISOString(), ctx.actor.name);
  }

  has(rentalId: string): boolean {
    return Boolean(this.db.prepare(`SELECT 1 FROM rental_secrets WHERE rental_id = ?`).get(rentalId));
  }

  /** The password, with an audit entry (who, when, why) written first in the same transaction. */
  reveal(ctx: WriteContext, rentalId: string): string {
    return this.db.write(() => {
      const row = this.db.prepare(`SELECT sealed FROM rental_secrets WHERE rental_id = ?`).get(rentalId) as { sealed: string } | undefined;
      if (!row) throw precondition('No root password is stored for this rental (it may have been started on another machine, whose key sealed it).');
      this.db.audit(ctx, 'reveal-root-password', 'rentals', rentalId, null, null);
      return this.box.open(row.sealed, purpose(rentalId));
    });
  }
}
