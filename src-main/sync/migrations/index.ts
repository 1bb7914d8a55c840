// Every PostgreSQL migration, in order. A new one gets the next number and its own file
// (a synced table: use syncedTable() from ./helpers — see the pattern there).
import { pgMigration0001 } from './0001-base';
import { pgMigration0002 } from './0002-inventory';
import { pgMigration0003 } from './0003-walks';
import { pgMigration0004 } from './0004-business';
import { pgMigration0005 } from './0005-ipam';
import { pgMigration0006 } from './0006-monitoring';
import { pgMigration0007 } from './0007-bmc';
import { pgMigration0008 } from './0008-notify-per-statement';
import { pgMigration0009 } from './0009-team-key';
import { pgMigration0010 } from './0010-live-key';
import { pgMigration0011 } from './0011-ticket-numbers';
import type { PgMigration } from './types';

export const pgMigrations: readonly PgMigration[] = [
  pgMigration0001,
  pgMigration0002,
  pgMigration0003,
  pgMigration0004,
  pgMigration0005,
  pgMigration0006,
  pgMigration0007,
  pgMigration0008,
  pgMigration0009,
  pgMigration0010,
  pgMigration0011,
].sort((a, b) => a.version - b.version);
if (new Set(pgMigrations.map((m) => m.version)).size !== pgMigrations.length) throw new Error('two PostgreSQL migrations share a version number');

/** The shared schema this build of the app speaks. */
export const PG_SCHEMA = pgMigrations[pgMigrations.length - 1]!.version;
export type { PgMigration };
