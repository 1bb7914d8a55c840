// The store's own machinery: audit trail, outbox for sync, settings, full-text search.
import type { Migration } from './types';

export const migration0001: Migration = {
  version: 1,
  name: 'core',
  up(db) {
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      -- who, when, what, before, after: every mutation of a synced table, in every mode
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        before TEXT,
        after TEXT,
        reason TEXT
      );
      CREATE INDEX audit_row ON audit(table_name, row_id, id);

      -- one entry per row write, pushed to PostgreSQL by the sync (issue 6)
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('insert','update','delete')),
        hlc TEXT NOT NULL,
        fields TEXT NOT NULL,
        pushed_at TEXT
      );
      CREATE INDEX outbox_unpushed ON outbox(seq) WHERE pushed_at IS NULL;

      -- Ctrl+K across every object: one trigram index that each repository feeds.
      -- search_docs maps an object to its index rowid, so an update replaces its entry
      -- by rowid instead of scanning the index.
      CREATE TABLE search_docs (rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, row_id TEXT NOT NULL UNIQUE);
      CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize = 'trigram');
    `);
  },
};
