// SQL builders that every PostgreSQL migration of a synced table uses, so each domain's
// table gets the same machinery (the "documented pattern" for tables added later):
//
//   syncedTable('tickets', `customer_id text NOT NULL REFERENCES customers(id) DEFERRABLE INITIALLY DEFERRED,
//                           subject text NOT NULL`, { write: ['admin', 'provisioning'], customerOwned: 'customer_id' })
//
// gives the table its sync columns (id, rev from the one sequence, updated_at HLC in C
// collation, deleted, demo, per-field HLC and rev, who changed it), the index pull reads,
// the triggers (rev stamp per row; audit rows and NOTIFY per statement), GRANTs per group role and, for rows that
// belong to a customer, FORCE ROW LEVEL SECURITY so a customer login sees only its own.
// Foreign keys are DEFERRABLE INITIALLY DEFERRED: a push applies a batch table by table.

export type GroupRole = 'admin' | 'technician' | 'provisioning' | 'billing' | 'viewer' | 'customer';

export interface SyncedTableOptions {
  /** Group roles that may insert and update (admin always may). Every staff role reads. */
  write: GroupRole[];
  /** Column naming the customer a row belongs to: FORCE RLS, customers see their own. */
  customerOwned?: string;
  /** A customer login may also insert rows of its own (tickets it opens). */
  customerInsert?: boolean;
}

export const SYNC_COLUMNS = `
  id text PRIMARY KEY,
  rev bigint NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  deleted integer NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  demo integer NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  field_hlc jsonb NOT NULL DEFAULT '{}',
  field_rev jsonb NOT NULL DEFAULT '{}',
  changed_by text NOT NULL DEFAULT current_user`;

export function syncedTable(table: string, columns: string, opts: SyncedTableOptions): string {
  const writers = [...new Set(['admin', ...opts.write])].map((r) => `noc_${r}`).join(', ');
  const notify = opts.customerOwned ? "'noids'" : "'ids'";
  const parts = [
    `CREATE TABLE ${table} (${SYNC_COLUMNS},\n  ${columns.trim()}\n);`,
    `CREATE INDEX ${table}_rev ON ${table} (rev);`,
    `CREATE TRIGGER ${table}_stamp BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION noc_stamp();`,
    `CREATE TRIGGER ${table}_after_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION noc_after_write(${notify});`,
    `CREATE TRIGGER ${table}_after_upd AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS before_rows NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION noc_after_write(${notify});`,
    // Rows are never deleted (tombstones), so nobody gets DELETE.
    `REVOKE ALL ON ${table} FROM PUBLIC;`,
    `GRANT SELECT ON ${table} TO noc_staff;`,
    `GRANT INSERT, UPDATE ON ${table} TO ${writers};`,
  ];
  if (opts.customerOwned) parts.push(customerOwnedSql(table, opts.customerOwned, opts.customerInsert ?? false));
  return parts.join('\n');
}

/**
 * FORCE ROW LEVEL SECURITY on a customer-owned table: staff see and write every row (their
 * GRANTs still decide which), a customer login only the rows whose `column` is its customer.
 * FORCE makes the table's owner obey the policies too, so nobody but a superuser bypasses them.
 */
export function customerOwnedSql(table: string, column: string, customerInsert: boolean): string {
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;`,
    `CREATE POLICY ${table}_staff ON ${table} USING (noc_is_staff()) WITH CHECK (noc_is_staff());`,
    `CREATE POLICY ${table}_own ON ${table} FOR SELECT TO noc_customer USING (${column} = noc_customer_id());`,
    `GRANT SELECT ON ${table} TO noc_customer;`,
    ...(customerInsert ? [
      `CREATE POLICY ${table}_own_insert ON ${table} FOR INSERT TO noc_customer WITH CHECK (${column} = noc_customer_id());`,
      `GRANT INSERT ON ${table} TO noc_customer;`,
    ] : []),
  ].join('\n');
}

/** Deferred foreign key (see the file comment). */
export const ref = (table: string) => `REFERENCES ${table}(id) DEFERRABLE INITIALLY DEFERRED`;
