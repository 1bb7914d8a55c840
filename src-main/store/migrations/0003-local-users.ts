// Logins for the headless host when it listens beyond loopback. Local to this store and
// never synced: in shared mode staff log in with their own PostgreSQL roles instead.
import type { Migration } from './types';

export const migration0003: Migration = {
  version: 3,
  name: 'local-users',
  up(db) {
    db.exec(`
      CREATE TABLE local_users (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        customer_id TEXT,
        created_at TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0
      );
    `);
  },
};
