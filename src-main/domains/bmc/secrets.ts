// BMC passwords and Kg keys at rest: sealed (core/secrets.ts — the desktop's safeStorage where
// the host provides it, else AES-256-GCM with the data folder's 0600 key file), each bound to
// its purpose "bmc:<deviceId>:password", so a value copied to another server does not open.
// Never logged, never returned by a procedure except reveal(), which is admin-only and writes
// an audit entry (who, when, why) in the same transaction before it returns the password.
// The pollers and consoles open them in the core to talk to the BMC; that use is what the
// power/console audit entries record.
import { precondition } from '../../core/errors';
import { SecretError, type SecretBox } from '../../core/secrets';
import type { Store, WriteContext } from '../../store/repository';

export interface OpenedSecrets {
  password: string;
  kg: Uint8Array | undefined;
}

const purpose = (deviceId: string, what: 'password' | 'kg') => `bmc:${deviceId}:${what}`;

export class BmcSecrets {
  constructor(private readonly store: Store, private readonly box: SecretBox) {}

  /** Stores what is given (undefined keeps, '' for kg removes it); audited without the values. */
  keep(ctx: WriteContext, deviceId: string, input: { password?: string; kg?: string }): void {
    if (input.password === undefined && input.kg === undefined) return;
    this.store.write(() => {
      const row = this.row(deviceId);
      const password = input.password !== undefined ? this.box.seal(input.password, purpose(deviceId, 'password')) : (row?.password ?? null);
      const kg = input.kg === undefined ? (row?.kg ?? null) : input.kg === '' ? null : this.box.seal(input.kg, purpose(deviceId, 'kg'));
      this.store.prepare(`INSERT INTO bmc_secrets (device_id, password, kg, set_at, set_by) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(device_id) DO UPDATE SET password = excluded.password, kg = excluded.kg, set_at = excluded.set_at, set_by = excluded.set_by`)
        .run(deviceId, password, kg, new Date(this.store.clock.now()).toISOString(), ctx.actor.name);
      const changed = [...(input.password !== undefined ? ['password'] : []), ...(input.kg !== undefined ? [input.kg === '' ? 'kg removed' : 'kg'] : [])];
      this.store.audit(ctx, 'set-bmc-secret', 'bmc_secrets', deviceId, null, { changed, sealedWith: this.box.keyPath });
    });
  }

  forget(deviceId: string): void {
    this.store.prepare(`DELETE FROM bmc_secrets WHERE device_id = ?`).run(deviceId);
  }

  has(deviceId: string): { password: boolean; kg: boolean } {
    const row = this.row(deviceId);
    return { password: Boolean(row?.password !== null && row?.password !== undefined), kg: Boolean(row?.kg) };
  }

  /** Why the stored secrets cannot be opened here, or null (checked without keeping the plaintext). */
  problem(deviceId: string): string | null {
    try {
      this.open(deviceId, 'this server');
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  /** Core only: the opened password and Kg, to talk to the BMC. */
  open(deviceId: string, name: string): OpenedSecrets {
    const row = this.row(deviceId);
    if (!row || row.password === null) throw precondition(`No BMC password is stored for ${name} on this machine (it may have been entered on another client). Enter it in the BMC settings.`, 'password');
    try {
      const password = this.box.open(row.password, purpose(deviceId, 'password'));
      const kg = row.kg ? new TextEncoder().encode(this.box.open(row.kg, purpose(deviceId, 'kg'))) : undefined;
      return { password, kg };
    } catch (err) {
      if (err instanceof SecretError) throw precondition(`The BMC password of ${name} cannot be opened: ${err.message}`, 'password');
      throw err;
    }
  }

  /** The password for a person: the audit entry (who, why) is written first, in the same transaction. */
  reveal(ctx: WriteContext, deviceId: string, name: string): string {
    return this.store.write(() => {
      const { password } = this.open(deviceId, name);
      this.store.audit(ctx, 'reveal-bmc-password', 'bmc_secrets', deviceId, null, null);
      return password;
    });
  }

  private row(deviceId: string): { password: string | null; kg: string | null } | undefined {
    return this.store.prepare(`SELECT password, kg FROM bmc_secrets WHERE device_id = ?`).get(deviceId) as { password: string | null; kg: string | null } | undefined;
  }
}
