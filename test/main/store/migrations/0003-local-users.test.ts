import { describe, expect, it } from 'vitest';
import { applyMigration, columns, dbAtVersion } from './helpers';

describe('migration 0003 local users', () => {
  it('creates local_users, not synced (no rev/updated_at)', () => {
    const db = dbAtVersion(2);
    applyMigration(db, 3);
    const cols = columns(db, 'local_users');
    expect(cols).toEqual(['name', 'role', 'password_hash', 'customer_id', 'created_at', 'disabled']);
    expect(cols).not.toContain('rev');
  });
});
