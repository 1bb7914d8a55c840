#!/bin/sh
# Feature checks against the cluster from start.sh: SCRAM over TCP, LISTEN/NOTIFY between
# two sessions, FORCE ROW LEVEL SECURITY with a non-owner role, advisory locks.
# usage: demo.sh PORT DIR   (a cluster from start.sh; creates a few demo objects in it)
PORT=${1:?port}; DIR=${2:?dir}
SU="psql -h $DIR/sock -p $PORT -U postgres -d nocdb -X -q -v ON_ERROR_STOP=1"
APP="psql postgresql://schema_owner:migratorpass@127.0.0.1:$PORT/nocdb -X -q -v ON_ERROR_STOP=1"
set -e

echo "== 1. SCRAM over TCP"
$APP -Atc "select 'connected as '||current_user||' ssl='||coalesce((select ssl::text from pg_stat_ssl where pid=pg_backend_pid()),'?')"
PGPASSWORD=wrong psql "postgresql://schema_owner@127.0.0.1:$PORT/nocdb" -Atc 'select 1' 2>&1 | sed 's/^/   wrong password -> /' || true

echo "== 2. LISTEN/NOTIFY (session A listens, session B notifies)"
# psql prints notifications only after it finishes a command, so A listens then sleeps 2 s
( $APP -c "LISTEN jobs" -c "select pg_sleep(2)" -c "select 1" 2>&1 | grep -i notification | sed 's/^/   A got: /' ) &
sleep 0.7
$APP -At -c "NOTIFY jobs, 'job-17 ready'" -c "select pg_notify('jobs', 'job-18 ready')" >/dev/null
wait

echo "== 3. Row-level security, FORCE RLS, non-owner role"
$SU <<'SQL'
CREATE ROLE tenant_reader LOGIN PASSWORD 'readerpass';
SQL
$APP <<'SQL'
CREATE TABLE invoices (id serial PRIMARY KEY, tenant_id int NOT NULL, amount numeric NOT NULL);
INSERT INTO invoices (tenant_id, amount) VALUES (1, 10), (1, 11), (2, 20), (3, 30);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;      -- owner (app) is subject to policies too
CREATE POLICY tenant_isolation ON invoices
    USING (tenant_id = current_setting('app.tenant_id', true)::int)
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::int);
GRANT SELECT, INSERT ON invoices TO tenant_reader;
GRANT USAGE ON SEQUENCE invoices_id_seq TO tenant_reader;
SQL
R="psql postgresql://tenant_reader:readerpass@127.0.0.1:$PORT/nocdb -X -q -At"
echo "   tenant_reader, app.tenant_id unset : $($R -c "select count(*) from invoices")"
echo "   tenant_reader, app.tenant_id=1     : $($R -c "set app.tenant_id=1" -c "select string_agg(id||':'||tenant_id, ' ') from invoices")"
echo "   tenant_reader, app.tenant_id=2     : $($R -c "set app.tenant_id=2" -c "select string_agg(id||':'||tenant_id, ' ') from invoices")"
echo "   owner app (FORCE), tenant_id=3     : $($APP -At -c "set app.tenant_id=3" -c "select string_agg(id||':'||tenant_id, ' ') from invoices")"
echo "   superuser (bypasses RLS)           : $($SU -At -c "select count(*) from invoices")"
echo "   tenant 1 inserting a tenant 2 row  : $($R -c "set app.tenant_id=1" -c "insert into invoices(tenant_id,amount) values (2,99)" 2>&1 | head -1)"

echo "== 4. Advisory locks from two sessions"
( $APP -At -c "select 'A lock(42): '||pg_try_advisory_lock(42)" -c "select pg_sleep(1.5)" -c "select 'A exits'" | grep -v '^$' | sed 's/^/   /' ) &
sleep 0.6
$APP -At -c "select '   B try(42) while A holds: '||pg_try_advisory_lock(42)"
wait
$APP -At -c "select '   B try(42) after A exited: '||pg_try_advisory_lock(42)"
$APP -At -c "select '   xact lock: '||pg_try_advisory_xact_lock(1,2)"
