// Secrets that sync (issue 6): one row per purpose — a BMC's password or Kg, a rental's root
// password — sealed with the team key once this client has one ("s2.<keyId>.…", see
// core/secrets.ts and sync/team-key.ts), so every client of the team can open them. A synced
// table like the others (PostgreSQL migration 0009), so it goes through the repository layer.
// The id is derived from the purpose (core/shared-secrets.ts): two clients setting the same
// BMC's password write the same row. `sealed` = '' means "none" (a forgotten password):
// no tombstone, so the purpose can be set again. The older local-only tables (bmc_secrets,
// rental_secrets) stay: their values are still read, and move here when re-sealed.
import type { Migration } from './types';

export const migration0010: Migration = {
  version: 10,
  name: 'shared-secrets',
  up(db) {
    db.exec(`
      CREATE TABLE shared_secrets (
        id TEXT PRIMARY KEY, rev INTEGER, updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, demo INTEGER NOT NULL DEFAULT 0,
        purpose TEXT NOT NULL,
        sealed TEXT NOT NULL DEFAULT '',
        set_by TEXT NOT NULL DEFAULT ''
      );
      CREATE UNIQUE INDEX shared_secrets_purpose ON shared_secrets(purpose) WHERE deleted = 0;
    `);
  },
};
