// Secrets that sync (issue 6): a BMC's password and Kg, a rental's root password — one row of
// shared_secrets per purpose, sealed with sealShared() (the team key once this client has one,
// see core/secrets.ts), written through the repository layer like every synced row (audit and
// outbox; the audit holds the sealed value only). The row id is derived from the purpose, so
// two clients setting the same BMC's password write one row, and a cleared secret is '' rather
// than a tombstone, so it can be set again.
//
// The local-only tables of before (bmc_secrets, rental_secrets) are adopted once, at start:
// their sealed values move here as they are, and the sync re-seals them with the team key
// before they leave the machine (sync/team-key.ts).
import { createHash } from 'node:crypto';
import type { SyncedRow } from '../../shared/types';
import { Repository, type Store, type TableSpec, type WriteContext } from '../store/repository';
import type { SecretBox } from './secrets';

export interface SharedSecretRow extends SyncedRow {
  purpose: string;
  /** '' = none */
  sealed: string;
  setBy: string;
}

export const sharedSecretTable: TableSpec<SharedSecretRow> = {
  table: 'shared_secrets',
  kind: 'shared-secret',
  fields: { purpose: 'purpose', sealed: 'sealed', setBy: 'set_by' },
};

export const sharedSecretId = (purpose: string): string => `sec-${createHash('sha256').update(purpose, 'utf8').digest('hex').slice(0, 32)}`;

const ADOPT: WriteContext = { actor: { id: 'system:secrets', name: 'system', role: 'admin' }, reason: 'kept in shared_secrets from now on (so it can sync)' };

export class SharedSecrets {
  readonly repo: Repository<SharedSecretRow>;

  constructor(readonly store: Store, readonly box: SecretBox) {
    this.repo = new Repository(store, sharedSecretTable);
  }

  /** The sealed value for a purpose, or null when none is set. */
  sealed(purpose: string): string | null {
    const row = this.repo.find(sharedSecretId(purpose));
    return row && row.sealed !== '' ? row.sealed : null;
  }

  /** Seals and keeps the plaintext (for every client of the team, in shared mode). */
  put(ctx: WriteContext, purpose: string, plaintext: string): void {
    this.putSealed(ctx, purpose, this.box.sealShared(plaintext, purpose));
  }

  clear(ctx: WriteContext, purpose: string): void {
    if (this.sealed(purpose) !== null) this.putSealed(ctx, purpose, '');
  }

  /** A value already sealed for this purpose (adopting, re-sealing). */
  putSealed(ctx: WriteContext, purpose: string, sealed: string, action = 'update'): void {
    const id = sharedSecretId(purpose);
    this.store.write(() => {
      if (this.repo.find(id)) this.repo.update(ctx, id, { sealed, setBy: ctx.actor.name }, action);
      else this.repo.insert(ctx, { purpose, sealed, setBy: ctx.actor.name }, id);
    });
  }

  /** Opens the value for a purpose (throws SecretError / TeamKeyMissingError), or null when none. */
  open(purpose: string): string | null {
    const sealed = this.sealed(purpose);
    return sealed === null ? null : this.box.open(sealed, purpose);
  }
}

/**
 * Moves the local-only secrets of before into shared_secrets (once; nothing to do afterwards).
 * The values are moved sealed as they are: nothing is opened here.
 */
export function adoptLocalSecrets(store: Store, box: SecretBox): number {
  const shared = new SharedSecrets(store, box);
  const bmc = store.prepare(`SELECT device_id, password, kg FROM bmc_secrets`).all() as Array<{ device_id: string; password: string | null; kg: string | null }>;
  const rentals = store.prepare(`SELECT rental_id, sealed FROM rental_secrets`).all() as Array<{ rental_id: string; sealed: string }>;
  if (bmc.length === 0 && rentals.length === 0) return 0;
  let moved = 0;
  const adopt = (purpose: string, sealed: string | null) => {
    if (!sealed || shared.sealed(purpose) !== null) return; // a newer value is already shared
    shared.putSealed(ADOPT, purpose, sealed);
    moved++;
  };
  store.write(() => {
    for (const r of bmc) {
      adopt(`bmc:${r.device_id}:password`, r.password);
      adopt(`bmc:${r.device_id}:kg`, r.kg);
    }
    for (const r of rentals) adopt(`rental-root-password:${r.rental_id}`, r.sealed);
    store.prepare(`DELETE FROM bmc_secrets`).run();
    store.prepare(`DELETE FROM rental_secrets`).run();
  });
  return moved;
}
