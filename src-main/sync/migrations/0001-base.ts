// The shared database's own machinery (issue 6):
//  - noc_schema / noc_meta: schema version (clients refuse a newer one) and this database's id.
//  - group roles: noc_staff ⊃ noc_admin, noc_technician, noc_provisioning, noc_billing,
//    noc_viewer; noc_customer for tenant logins. Each person logs in with an own LOGIN role
//    that is a member of one group; none of them owns anything or has BYPASSRLS.
//  - noc_rev: the one sequence every row's rev comes from. noc_stamp() takes a transaction
//    advisory lock before drawing a rev, so writers commit in rev order and a reader that
//    has seen rev N will never later find a committed row below N (pull by cursor is safe).
//  - noc_audit, written by a SECURITY DEFINER statement trigger (noc_after_write): clients
//    read it, none can write or skip it.
//  - noc_after_write() also NOTIFYs noc_changes with table + [id, rev] pairs, 60 per message
//    (ids are ≤ 64 characters, so a payload stays far below PostgreSQL's 8,000-byte limit).
//  - noc_sync_clients: per client (local store), the last outbox seq applied and its HLC — a
//    batch sent twice applies once. Row-level security binds a client id to its login.
//  - noc_users + SECURITY DEFINER functions for admins to add logins and assign groups.
//  - sync_conflicts: a synced table like any other (the Conflicts view reads it).
import { syncedTable } from './helpers';
import type { PgMigration } from './types';

export const WRITE_LOCK = [74100, 0] as const;

const GROUPS = ['admin', 'technician', 'provisioning', 'billing', 'viewer'];

export const pgMigration0001: PgMigration = {
  version: 1,
  name: 'base',
  sql: `
CREATE TABLE noc_schema (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  applied_by text NOT NULL DEFAULT session_user
);
CREATE TABLE noc_meta (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO noc_meta (key, value) VALUES ('db_id', gen_random_uuid()::text);

-- Roles are cluster-wide: create the groups only where another database has not already.
DO $$
DECLARE g text;
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'noc_staff') THEN CREATE ROLE noc_staff NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'noc_customer') THEN CREATE ROLE noc_customer NOLOGIN; END IF;
  FOREACH g IN ARRAY ARRAY[${GROUPS.map((g) => `'${g}'`).join(', ')}] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'noc_' || g) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN IN ROLE noc_staff', 'noc_' || g);
    END IF;
  END LOOP;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO noc_staff, noc_customer', current_database());
END $$;
GRANT USAGE ON SCHEMA public TO noc_staff, noc_customer;
GRANT SELECT ON noc_schema, noc_meta TO noc_staff, noc_customer;

CREATE SEQUENCE noc_rev;
GRANT USAGE ON SEQUENCE noc_rev TO noc_staff, noc_customer;

-- Who is who: staff groups and which customer a tenant login belongs to.
CREATE TABLE noc_users (
  login text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('staff', 'customer')),
  customer_id text,
  full_name text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL DEFAULT session_user,
  CHECK ((kind = 'customer') = (customer_id IS NOT NULL))
);
REVOKE ALL ON noc_users FROM PUBLIC;
GRANT SELECT ON noc_users TO noc_admin;

CREATE FUNCTION noc_is_staff() RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog AS
  $$ SELECT pg_has_role(current_user, 'noc_staff', 'USAGE') $$;
CREATE FUNCTION noc_customer_id() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS
  $$ SELECT customer_id FROM noc_users WHERE login = session_user AND kind = 'customer' $$;
REVOKE ALL ON FUNCTION noc_customer_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION noc_customer_id() TO noc_staff, noc_customer;

-- Every write of a synced table, per row: serialize writers (once per transaction), draw the
-- rev, note which fields changed at which rev (the conflict check compares them with the rev
-- the pushing client had seen). One query per row: the rest is done per statement below.
CREATE FUNCTION noc_stamp() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
  old_json jsonb;
  changed jsonb;
  cols text[];
BEGIN
  IF coalesce(current_setting('noc.write_lock', true), '') <> txid_current()::text THEN
    PERFORM pg_advisory_xact_lock(${WRITE_LOCK[0]}, ${WRITE_LOCK[1]});
    PERFORM set_config('noc.write_lock', txid_current()::text, true);
  END IF;
  NEW.rev := nextval('noc_rev');
  NEW.changed_by := session_user;
  IF TG_OP = 'INSERT' THEN
    NEW.field_rev := '{}'::jsonb;
    RETURN NEW;
  END IF;
  -- A push names the columns its statement writes (noc.cols): no need to compare the rows.
  cols := string_to_array(nullif(current_setting('noc.cols', true), ''), ',');
  IF cols IS NOT NULL THEN
    NEW.field_rev := OLD.field_rev || jsonb_object(cols, array_fill(NEW.rev::text, ARRAY[array_length(cols, 1)]));
  ELSE
    -- any other write (SQL by hand): compare the whole row
    old_json := to_jsonb(OLD);
    SELECT coalesce(jsonb_object_agg(n.key, NEW.rev), '{}'::jsonb) INTO changed
      FROM jsonb_each(to_jsonb(NEW)) n
     WHERE n.key NOT IN ('rev', 'updated_at', 'field_hlc', 'field_rev', 'changed_by')
       AND n.value IS DISTINCT FROM old_json -> n.key;
    NEW.field_rev := OLD.field_rev || changed;
  END IF;
  RETURN NEW;
END $$;

CREATE TABLE noc_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  login text NOT NULL,
  actor text,
  action text NOT NULL,
  table_name text NOT NULL,
  row_id text NOT NULL,
  rev bigint NOT NULL,
  before jsonb,
  after jsonb NOT NULL
);
CREATE INDEX noc_audit_row ON noc_audit (table_name, row_id, id);
REVOKE ALL ON noc_audit FROM PUBLIC;
GRANT SELECT ON noc_audit TO noc_staff;

-- After each statement on a synced table: its audit rows (set-based, from the transition
-- tables) and its NOTIFY. SECURITY DEFINER so it can write noc_audit, which no client may
-- write; nothing a client sends can skip it.
-- (Transition tables have no statistics: a nested loop over OLD × NEW would be quadratic.)
CREATE FUNCTION noc_after_write() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public SET enable_nestloop = off AS $$
DECLARE
  who text := nullif(current_setting('noc.actor', true), '');
  payload text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO noc_audit (login, actor, action, table_name, row_id, rev, before, after)
    SELECT session_user, who, 'insert', TG_TABLE_NAME, n.id, n.rev, NULL, to_jsonb(n) - 'field_hlc' - 'field_rev' - 'rev' - 'changed_by'
      FROM changed n;
  ELSE
    -- the whole row before and after (the history view shows what changed); a statement that
    -- changed no field (field_rev unchanged) leaves no audit row
    INSERT INTO noc_audit (login, actor, action, table_name, row_id, rev, before, after)
    SELECT session_user, who, CASE WHEN n.deleted = 1 AND o.deleted = 0 THEN 'delete' ELSE 'update' END, TG_TABLE_NAME, n.id, n.rev,
           to_jsonb(o) - 'field_hlc' - 'field_rev' - 'rev' - 'changed_by', to_jsonb(n) - 'field_hlc' - 'field_rev' - 'rev' - 'changed_by'
      FROM changed n
      JOIN before_rows o ON o.id = n.id
     WHERE n.field_rev IS DISTINCT FROM o.field_rev;
  END IF;
  IF TG_ARGV[0] = 'ids' THEN
    FOR payload IN
      SELECT json_build_object('t', TG_TABLE_NAME, 'r', json_agg(json_build_array(id, rev) ORDER BY rev))::text
        FROM (SELECT id, rev, (row_number() OVER (ORDER BY rev) - 1) / 60 AS grp FROM changed) s
       GROUP BY grp
    LOOP
      PERFORM pg_notify('noc_changes', payload);
    END LOOP;
  ELSE
    -- customer-owned rows: only the table and the newest rev (ids are nobody else's business)
    SELECT json_build_object('t', TG_TABLE_NAME, 'max', max(rev))::text INTO payload FROM changed HAVING count(*) > 0;
    IF payload IS NOT NULL THEN PERFORM pg_notify('noc_changes', payload); END IF;
  END IF;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION noc_after_write() FROM PUBLIC;

CREATE TABLE noc_sync_clients (
  client_id text PRIMARY KEY,
  login text NOT NULL DEFAULT session_user,
  last_seq bigint NOT NULL DEFAULT 0,
  last_hlc text COLLATE "C" NOT NULL DEFAULT '',
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_push timestamptz,
  app text NOT NULL DEFAULT ''
);
ALTER TABLE noc_sync_clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE noc_sync_clients FORCE ROW LEVEL SECURITY;
CREATE POLICY noc_sync_clients_own ON noc_sync_clients USING (login = session_user) WITH CHECK (login = session_user);
CREATE POLICY noc_sync_clients_admin ON noc_sync_clients FOR SELECT USING (pg_has_role(current_user, 'noc_admin', 'USAGE'));
REVOKE ALL ON noc_sync_clients FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON noc_sync_clients TO noc_staff, noc_customer;

${syncedTable('sync_conflicts', `
  table_name text NOT NULL,
  row_id text NOT NULL,
  field_group text NOT NULL,
  fields text NOT NULL DEFAULT '[]',
  server_value text NOT NULL DEFAULT '{}',
  server_hlc text NOT NULL DEFAULT '',
  server_by text NOT NULL DEFAULT '',
  incoming_value text NOT NULL DEFAULT '{}',
  incoming_hlc text NOT NULL DEFAULT '',
  incoming_by text NOT NULL DEFAULT '',
  base_rev bigint NOT NULL DEFAULT 0,
  detected_at text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolution text NOT NULL DEFAULT '',
  resolved_value text NOT NULL DEFAULT '{}',
  resolved_by text NOT NULL DEFAULT '',
  resolved_at text NOT NULL DEFAULT ''`, { write: ['technician', 'provisioning', 'billing'] })}
CREATE INDEX sync_conflicts_open ON sync_conflicts (status) WHERE status = 'open';

-- User administration: SECURITY DEFINER (the schema owner has CREATEROLE), callable by admins
-- only, checked again inside. Passwords arrive as SCRAM-SHA-256 verifiers, never in clear.
CREATE FUNCTION noc_require_admin() RETURNS void LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
BEGIN
  IF NOT pg_has_role(session_user, 'noc_admin', 'USAGE') THEN
    RAISE EXCEPTION 'only an administrator (member of noc_admin) may manage users' USING ERRCODE = 'insufficient_privilege';
  END IF;
END $$;

CREATE FUNCTION noc_create_user(p_login text, p_verifier text, p_group text, p_customer text, p_full_name text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  PERFORM noc_require_admin();
  IF p_login !~ '^[a-z][a-z0-9._-]{1,40}$' OR p_login LIKE 'noc\\_%' THEN
    RAISE EXCEPTION 'a login is 2-41 lowercase letters, digits, dots, dashes or underscores, starting with a letter (and not noc_...)' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_group NOT IN (${[...GROUPS, 'customer'].map((g) => `'${g}'`).join(', ')}) THEN
    RAISE EXCEPTION 'unknown role %', p_group USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF (p_group = 'customer') <> (p_customer IS NOT NULL) THEN
    RAISE EXCEPTION 'a customer login needs its customer id, and only a customer login has one' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_verifier !~ '^SCRAM-SHA-256\\$[0-9]+:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
    RAISE EXCEPTION 'the password must arrive as a SCRAM-SHA-256 verifier' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = p_login) THEN
    RAISE EXCEPTION 'a login named % exists already', p_login USING ERRCODE = 'duplicate_object';
  END IF;
  EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS INHERIT PASSWORD %L IN ROLE %I', p_login, p_verifier, 'noc_' || p_group);
  INSERT INTO noc_users (login, kind, customer_id, full_name)
  VALUES (p_login, CASE WHEN p_group = 'customer' THEN 'customer' ELSE 'staff' END, p_customer, coalesce(p_full_name, ''));
END $$;

CREATE FUNCTION noc_grant_group(p_login text, p_group text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE g text;
BEGIN
  PERFORM noc_require_admin();
  IF NOT EXISTS (SELECT FROM noc_users WHERE login = p_login AND kind = 'staff') THEN
    RAISE EXCEPTION 'no staff login named %', p_login USING ERRCODE = 'undefined_object';
  END IF;
  IF p_group NOT IN (${GROUPS.map((g) => `'${g}'`).join(', ')}) THEN
    RAISE EXCEPTION 'unknown staff role %', p_group USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOREACH g IN ARRAY ARRAY[${GROUPS.map((g) => `'${g}'`).join(', ')}] LOOP
    IF g <> p_group THEN EXECUTE format('REVOKE %I FROM %I', 'noc_' || g, p_login); END IF;
  END LOOP;
  EXECUTE format('GRANT %I TO %I', 'noc_' || p_group, p_login);
END $$;

CREATE FUNCTION noc_set_login_enabled(p_login text, p_enabled boolean) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  PERFORM noc_require_admin();
  IF NOT EXISTS (SELECT FROM noc_users WHERE login = p_login) THEN
    RAISE EXCEPTION 'no login named %', p_login USING ERRCODE = 'undefined_object';
  END IF;
  IF p_login = session_user AND NOT p_enabled THEN
    RAISE EXCEPTION 'you cannot disable your own login' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  EXECUTE format('ALTER ROLE %I %s', p_login, CASE WHEN p_enabled THEN 'LOGIN' ELSE 'NOLOGIN' END);
END $$;

CREATE FUNCTION noc_set_password(p_login text, p_verifier text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF p_login <> session_user THEN PERFORM noc_require_admin(); END IF;
  IF NOT EXISTS (SELECT FROM noc_users WHERE login = p_login) THEN
    RAISE EXCEPTION 'no login named %', p_login USING ERRCODE = 'undefined_object';
  END IF;
  IF p_verifier !~ '^SCRAM-SHA-256\\$[0-9]+:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
    RAISE EXCEPTION 'the password must arrive as a SCRAM-SHA-256 verifier' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  EXECUTE format('ALTER ROLE %I PASSWORD %L', p_login, p_verifier);
END $$;

CREATE FUNCTION noc_list_users() RETURNS TABLE (login text, grp text, customer_id text, full_name text, can_login boolean, created_at timestamptz, created_by text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  PERFORM noc_require_admin();
  RETURN QUERY
    SELECT u.login, coalesce((SELECT substr(g.rolname, 5) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                               WHERE m.member = r.oid AND g.rolname LIKE 'noc\\_%' ORDER BY g.rolname LIMIT 1), '')::text,
           u.customer_id, u.full_name, r.rolcanlogin, u.created_at, u.created_by
      FROM noc_users u JOIN pg_roles r ON r.rolname = u.login
     ORDER BY u.login;
END $$;

-- Who am I: the group of the current login (any login may ask about itself).
CREATE FUNCTION noc_whoami() RETURNS TABLE (login text, grp text, customer_id text) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT session_user::text,
         coalesce((SELECT substr(g.rolname, 5) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
                    WHERE r.rolname = session_user AND g.rolname IN ('noc_admin', 'noc_technician', 'noc_provisioning', 'noc_billing', 'noc_viewer', 'noc_customer')
                    ORDER BY array_position(ARRAY['noc_admin', 'noc_provisioning', 'noc_technician', 'noc_billing', 'noc_viewer', 'noc_customer'], g.rolname::text) LIMIT 1), ''),
         (SELECT customer_id FROM noc_users WHERE login = session_user)
$$;

DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['noc_require_admin()', 'noc_create_user(text, text, text, text, text)', 'noc_grant_group(text, text)',
                            'noc_set_login_enabled(text, boolean)', 'noc_set_password(text, text)', 'noc_list_users()', 'noc_whoami()'] LOOP
    EXECUTE 'REVOKE ALL ON FUNCTION ' || f || ' FROM PUBLIC';
  END LOOP;
END $$;
GRANT EXECUTE ON FUNCTION noc_require_admin(), noc_create_user(text, text, text, text, text), noc_grant_group(text, text),
  noc_set_login_enabled(text, boolean), noc_list_users() TO noc_admin;
GRANT EXECUTE ON FUNCTION noc_set_password(text, text), noc_whoami() TO noc_staff, noc_customer;
`,
};
