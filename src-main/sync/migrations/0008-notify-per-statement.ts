// Issue 6, "push 10,000 changes < 2 s": noc_after_write (0001) sent one NOTIFY per 60 rows of a
// statement — 34 for a pushed batch of 2,000 rows, each read by every listening client. Now a
// statement of up to 60 rows still names them ({t, r: [[id, rev]…]}: a person's edit), a bigger
// one sends ONE notice with the table and its newest rev ({t, max, n}) — what a client acts on
// anyway (it pulls the table past its cursor). The audit part is 0001's (the alias of the
// changed rows is c here: n is a variable). Customer-owned
// tables ('noids') keep sending only the table and the newest rev.
import type { PgMigration } from './types';

export const pgMigration0008: PgMigration = {
  version: 8,
  name: 'notify-per-statement',
  sql: `
CREATE OR REPLACE FUNCTION noc_after_write() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public SET enable_nestloop = off AS $$
DECLARE
  who text := nullif(current_setting('noc.actor', true), '');
  payload text;
  n bigint;
  top bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO noc_audit (login, actor, action, table_name, row_id, rev, before, after)
    SELECT session_user, who, 'insert', TG_TABLE_NAME, c.id, c.rev, NULL, to_jsonb(c) - 'field_hlc' - 'field_rev' - 'rev' - 'changed_by'
      FROM changed c;
  ELSE
    -- the whole row before and after (the history view shows what changed); a statement that
    -- changed no field (field_rev unchanged) leaves no audit row
    INSERT INTO noc_audit (login, actor, action, table_name, row_id, rev, before, after)
    SELECT session_user, who, CASE WHEN c.deleted = 1 AND o.deleted = 0 THEN 'delete' ELSE 'update' END, TG_TABLE_NAME, c.id, c.rev,
           to_jsonb(o) - 'field_hlc' - 'field_rev' - 'rev' - 'changed_by', to_jsonb(c) - 'field_hlc' - 'field_rev' - 'rev' - 'changed_by'
      FROM changed c
      JOIN before_rows o ON o.id = c.id
     WHERE c.field_rev IS DISTINCT FROM o.field_rev;
  END IF;
  SELECT count(*), max(rev) INTO n, top FROM changed;
  IF n = 0 THEN
    RETURN NULL;
  END IF;
  IF TG_ARGV[0] = 'ids' AND n <= 60 THEN
    SELECT json_build_object('t', TG_TABLE_NAME, 'r', json_agg(json_build_array(id, rev) ORDER BY rev))::text INTO payload FROM changed;
  ELSIF TG_ARGV[0] = 'ids' THEN
    payload := json_build_object('t', TG_TABLE_NAME, 'max', top, 'n', n)::text;
  ELSE
    -- customer-owned rows: only the table and the newest rev (ids are nobody else's business)
    payload := json_build_object('t', TG_TABLE_NAME, 'max', top)::text;
  END IF;
  PERFORM pg_notify('noc_changes', payload);
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION noc_after_write() FROM PUBLIC;
`,
};
