// Drafts the PostgreSQL migration of local synced tables from the local schema (the local
// migrations are the source of truth for columns): `noc db draft-migration TABLE…` prints a
// file to review — who may write, which rows belong to a customer, unique indexes — and
// commit as the next src-main/sync/migrations/NNNN-name.ts. Column for column: same names,
// text/bigint/double precision, NOT NULL and defaults kept, foreign keys deferred.
import type { Database as Db } from 'better-sqlite3';

interface Col { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }

const BUILT_IN = new Set(['id', 'rev', 'updated_at', 'deleted', 'demo']);

// Words PostgreSQL reserves that a local column may well be called.
const RESERVED = new Set(['user', 'order', 'group', 'default', 'check', 'table', 'column', 'select', 'from', 'where', 'limit', 'offset', 'primary', 'references', 'end', 'all', 'any', 'case', 'user', 'window', 'to', 'do', 'on', 'only', 'when', 'with']);
const ident = (c: string) => (RESERVED.has(c) ? `"${c}"` : c);

function pgType(sqliteType: string): string {
  const t = sqliteType.toUpperCase();
  // SQLite integers are 64-bit (times in ms, sizes): bigint, never integer.
  if (t.includes('INT')) return 'bigint';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'double precision';
  return 'text';
}

function pgDefault(d: string | null): string {
  if (d === null) return '';
  // SQLite keeps the default's SQL text: '' literals and numbers read the same in PostgreSQL
  return ` DEFAULT ${d}`;
}

export function draftTable(db: Db, table: string): string {
  const cols = db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`).all(table) as Col[];
  if (cols.length === 0) throw new Error(`No local table ${table}.`);
  const fks = new Map((db.prepare(`SELECT "from" AS col, "table" AS parent FROM pragma_foreign_key_list(?)`).all(table) as Array<{ col: string; parent: string }>).map((f) => [f.col, f.parent]));
  const lines = cols.filter((c) => !BUILT_IN.has(c.name)).map((c) => {
    const ref = fks.get(c.name);
    return `  ${ident(c.name)} ${pgType(c.type)}${c.notnull ? ' NOT NULL' : ''}${pgDefault(c.dflt_value)}${ref ? ` \${ref('${ref}')}` : ''}`;
  });
  const customer = cols.some((c) => c.name === 'customer_id');
  const indexes = (db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).all(table) as Array<{ sql: string }>)
    .map((i) => i.sql.replace(/\s+/g, ' ').replace(/ COLLATE NOCASE/gi, '').replace(/ifnull\(/gi, 'coalesce(') + ';')
    .filter((sql) => /UNIQUE/i.test(sql) || /\(rack_id|customer_id|device_id|_id[,)]/.test(sql));
  return [
    `\${syncedTable('${table}', \``,
    lines.join(',\n') + `\`, { write: ['technician', 'provisioning']${customer ? `, customerOwned: 'customer_id'` : ''} })}`,
    ...indexes,
  ].join('\n');
}

export function draftMigration(db: Db, tables: string[], version: number, name: string): string {
  const ident = `pgMigration${String(version).padStart(4, '0')}`;
  return `// DRAFT from the local schema (noc db draft-migration): review who writes, which rows belong
// to a customer, and the indexes, then keep it as src-main/sync/migrations/${String(version).padStart(4, '0')}-${name}.ts.
import { ref, syncedTable } from './helpers';
import type { PgMigration } from './types';

export const ${ident}: PgMigration = {
  version: ${version},
  name: '${name}',
  sql: \`
${tables.map((t) => draftTable(db, t)).join('\n\n')}
\`,
};
`;
}
