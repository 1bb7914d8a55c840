// Root passwords of rented servers: sealed at rest (AES-256-GCM through core/secrets.ts,
// whose key file only the owner can read; the rental id is bound in as the purpose, so a
// sealed value copied to another rental does not open), never logged, never in an e-mail.
// Staff read one only through reveal(), which writes an audit entry with their reason;
// the customer gets it through a one-time link (see notifications/links.ts). Kept in
// shared_secrets (core/shared-secrets.ts): in shared mode sealed with the team key, so staff
// on another desk can read it too.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock';
import { precondition } from '../../core/errors';
import { TeamKeyMissingError, type SecretBox } from '../../core/secrets';
import { SharedSecrets } from '../../core/shared-secrets';
import type { Store, WriteContext } from '../../store/repository';

const purpose = (rentalId: string) => `rental-root-password:${rentalId}`;

export class RootPasswords {
  private readonly shared: SharedSecrets;

  // the clock stays in the signature: set_at is now the row's updated_at (HLC)
  constructor(private readonly db: Store, box: SecretBox, _clock: Clock) {
    this.shared = new SharedSecrets(db, box);
  }

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
    this.shared.put(ctx, purpose(rentalId), password);
  }

  has(rentalId: string): boolean {
    return this.shared.sealed(purpose(rentalId)) !== null;
  }

  /** The password, with an audit entry (who, when, why) written first in the same transaction. */
  reveal(ctx: WriteContext, rentalId: string): string {
    return this.db.write(() => {
      const sealed = this.shared.sealed(purpose(rentalId));
      if (sealed === null) throw precondition('No root password is stored for this rental (in shared mode it may not have reached this client yet: sync, or log in with a role that may read secrets).');
      this.db.audit(ctx, 'reveal-root-password', 'rentals', rentalId, null, null);
      try {
        return this.shared.box.open(sealed, purpose(rentalId));
      } catch (err) {
        if (err instanceof TeamKeyMissingError) throw precondition('This root password is sealed with the team key, which your role cannot read: log in to the shared database with a role that can (admin, technician, provisioning).');
        throw err;
      }
    });
  }
}
