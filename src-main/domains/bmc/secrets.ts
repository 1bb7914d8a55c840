// BMC passwords and Kg keys at rest: sealed (core/secrets.ts — the desktop's safeStorage where
// the host provides it, else AES-256-GCM with the data folder's 0600 key file), each bound to
// its purpose "bmc:<deviceId>:password", so a value copied to another server does not open.
// Never logged, never returned by any procedure (nothing reads a password back out).
// The pollers and consoles open them in the core to talk to the BMC; that use is what the
// power/console audit entries record. They are kept in shared_secrets (core/shared-secrets.ts):
// in shared mode sealed with the team key, so the client that takes over the poll opens them.
import { precondition } from '../../core/errors';
import { SecretError, TeamKeyMissingError, type SecretBox } from '../../core/secrets';
import { SharedSecrets } from '../../core/shared-secrets';
import type { Store, WriteContext } from '../../store/repository';

export interface OpenedSecrets {
  password: string;
  kg: Uint8Array | undefined;
}

const purpose = (deviceId: string, what: 'password' | 'kg') => `bmc:${deviceId}:${what}`;

export class BmcSecrets {
  readonly shared: SharedSecrets;

  constructor(private readonly store: Store, private readonly box: SecretBox) {
    this.shared = new SharedSecrets(store, box);
  }

  /** Stores what is given (undefined keeps, '' for kg removes it); audited without the values. */
  keep(ctx: WriteContext, deviceId: string, input: { password?: string; kg?: string }): void {
    if (input.password === undefined && input.kg === undefined) return;
    this.store.write(() => {
      if (input.password !== undefined) this.shared.put(ctx, purpose(deviceId, 'password'), input.password);
      if (input.kg === '') this.shared.clear(ctx, purpose(deviceId, 'kg'));
      else if (input.kg !== undefined) this.shared.put(ctx, purpose(deviceId, 'kg'), input.kg);
      const changed = [...(input.password !== undefined ? ['password'] : []), ...(input.kg !== undefined ? [input.kg === '' ? 'kg removed' : 'kg'] : [])];
      this.store.audit(ctx, 'set-bmc-secret', 'bmc_secrets', deviceId, null, { changed, sealedWith: this.box.keyPath });
    });
  }

  forget(ctx: WriteContext, deviceId: string): void {
    this.store.write(() => {
      this.shared.clear(ctx, purpose(deviceId, 'password'));
      this.shared.clear(ctx, purpose(deviceId, 'kg'));
    });
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
      if (err instanceof TeamKeyMissingError) throw precondition(`The BMC password of ${name} is sealed with the team key, which your role cannot read: log in to the shared database with a role that can (admin, technician, provisioning).`, 'password');
      if (err instanceof SecretError) throw precondition(`The BMC password of ${name} cannot be opened: ${err.message}`, 'password');
      throw err;
    }
  }

  private row(deviceId: string): { password: string | null; kg: string | null } | undefined {
    const password = this.shared.sealed(purpose(deviceId, 'password'));
    const kg = this.shared.sealed(purpose(deviceId, 'kg'));
    return password === null && kg === null ? undefined : { password, kg };
  }
}
