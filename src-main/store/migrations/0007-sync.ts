// Shared mode (issue 6): what the local cache needs to sync with PostgreSQL, and the
// offline rack walk-through.
//  - sync_cursors: per table, the highest server rev pulled (pull resumes from it).
//  - sync_rejects: local changes the server refused (or that wait for a table the shared
//    database does not have yet), kept with their values until a person retries or
//    discards them — never dropped silently. Local only.
//  - sync_conflicts (synced): both values of a guarded field changed on two sides.
//  - walks, walk_racks, walk_checks, walk_tasks (synced): the rack walk-through.
import type { Migration } from './types';

const synced = `id TEXT PRIMARY KEY, rev INTEGER, updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, demo INTEGER NOT NULL DEFAULT 0`;

export const migration0007: Migration = {
  version: 7,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_cursors (table_name TEXT PRIMARY KEY, rev INTEGER NOT NULL);

      CREATE TABLE sync_rejects (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('refused','parked','apply')),
        seq INTEGER,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        op TEXT NOT NULL,
        hlc TEXT,
        fields TEXT NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','retried','discarded','applied'))
      );
      CREATE INDEX sync_rejects_open ON sync_rejects(status, kind, id);

      -- which fields of a row have changes waiting to be pushed (pull must not overwrite them)
      CREATE INDEX outbox_pending_row ON outbox(table_name, row_id) WHERE pushed_at IS NULL;

      CREATE TABLE sync_conflicts (${synced},
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field_group TEXT NOT NULL,
        fields TEXT NOT NULL DEFAULT '[]',
        server_value TEXT NOT NULL DEFAULT '{}',
        server_hlc TEXT NOT NULL DEFAULT '',
        server_by TEXT NOT NULL DEFAULT '',
        incoming_value TEXT NOT NULL DEFAULT '{}',
        incoming_hlc TEXT NOT NULL DEFAULT '',
        incoming_by TEXT NOT NULL DEFAULT '',
        base_rev INTEGER NOT NULL DEFAULT 0,
        detected_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        resolution TEXT NOT NULL DEFAULT '',
        resolved_value TEXT NOT NULL DEFAULT '{}',
        resolved_by TEXT NOT NULL DEFAULT '',
        resolved_at TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX sync_conflicts_open ON sync_conflicts(status, detected_at);
      CREATE INDEX sync_conflicts_row ON sync_conflicts(table_name, row_id);

      CREATE TABLE walks (${synced},
        name TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'planned',
        created_by TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL DEFAULT '',
        finished_at TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX walks_status ON walks(deleted, status);

      CREATE TABLE walk_racks (${synced},
        walk_id TEXT NOT NULL REFERENCES walks(id),
        rack_id TEXT NOT NULL REFERENCES racks(id),
        ord INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'pending',
        current_u INTEGER,
        checklist TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        photos TEXT NOT NULL DEFAULT '[]',
        finished_at TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX walk_racks_walk ON walk_racks(walk_id, ord);

      CREATE TABLE walk_checks (${synced},
        walk_id TEXT NOT NULL REFERENCES walks(id),
        walk_rack_id TEXT NOT NULL REFERENCES walk_racks(id),
        rack_id TEXT NOT NULL,
        u INTEGER NOT NULL,
        device_id TEXT,
        expected TEXT NOT NULL DEFAULT '{}',
        result TEXT NOT NULL,
        scanned TEXT NOT NULL DEFAULT '',
        found_device_id TEXT,
        note TEXT NOT NULL DEFAULT '',
        checked_by TEXT NOT NULL DEFAULT '',
        checked_at TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX walk_checks_rack ON walk_checks(walk_rack_id, u);

      CREATE TABLE walk_tasks (${synced},
        walk_id TEXT NOT NULL REFERENCES walks(id),
        check_id TEXT,
        rack_id TEXT,
        device_id TEXT,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open',
        ticket_id TEXT
      );
      CREATE INDEX walk_tasks_status ON walk_tasks(deleted, status);
    `);
  },
};
