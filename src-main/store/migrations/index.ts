// Every migration, in order. A new one gets the next number, its own file and its own test.
import { migration0001 } from './0001-core';
import { migration0002 } from './0002-inventory';
import { migration0003 } from './0003-local-users';
import { migration0004 } from './0004-ipam';
import { migration0005 } from './0005-monitoring';
import { migration0006 } from './0006-customers';
import { migration0007 } from './0007-sync';
import { migration0008 } from './0008-bmc';
import { migration0010 } from './0010-shared-secrets';
import { migration0011 } from './0011-list-indexes';
import { migration0012 } from './0012-device-changes';
import { migration0013 } from './0013-list-change-triggers';
import type { Migration } from './types';

export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
];
// Kept in version order whatever order the lines above are in.
(migrations as Migration[]).sort((a, b) => a.version - b.version);
if (new Set(migrations.map((m) => m.version)).size !== migrations.length) throw new Error('two migrations share a version number');
export const LATEST_SCHEMA = migrations[migrations.length - 1]!.version;
export type { Migration };
