#!/bin/sh
# Throwaway PostgreSQL 15 cluster for tests (adapted from the shared recipe, recipes/pg).
# usage: start.sh PORT DIR        (DIR is WIPED)
# env: PGUSER_APP=schema_owner PGPASS_APP=migratorpass PGDB_APP=nocdb  SUPERPASS=superpass
#      APP_ROLE_ATTRS="CREATEROLE"   extra attributes of the app role (the schema owner that
#                                    runs `noc db migrate` creates the group roles)
# Result: postgres on 127.0.0.1:PORT (TCP, scram-sha-256) + unix socket in DIR/sock (trust),
#         role PGUSER_APP (LOGIN, password) owning database PGDB_APP.
# As root the server runs as the `postgres` OS user (initdb refuses root); otherwise as the
# caller. Prints the postmaster PID (last line).   stop: stop.sh DIR [fast|immediate]
set -eu
PORT=${1:?port}
DIR=${2:?dir}
APPUSER=${PGUSER_APP:-schema_owner}; APPPASS=${PGPASS_APP:-migratorpass}; APPDB=${PGDB_APP:-nocdb}
SUPERPASS=${SUPERPASS:-superpass}
ATTRS=${APP_ROLE_ATTRS:-CREATEROLE}
BIN=/usr/lib/postgresql/15/bin
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" = 0 ]; then AS="runuser -u postgres --"; else AS=""; fi
[ -f "$DIR/data/postmaster.pid" ] && "$HERE/stop.sh" "$DIR" >/dev/null 2>&1 || true
if ss -Hltn | awk '{print $4}' | grep -qE "^(127\.0\.0\.1|0\.0\.0\.0|\*):$PORT\$"; then
    echo "start.sh: tcp port $PORT busy" >&2; exit 1; fi
rm -rf "$DIR"; mkdir -p "$DIR/sock"
if [ -n "$AS" ]; then chown -R postgres:postgres "$DIR"; fi
chmod 755 "$DIR"   # data/ itself is 0700
pw="$DIR/.pw"; echo "$SUPERPASS" > "$pw"; chmod 600 "$pw"; [ -n "$AS" ] && chown postgres "$pw"
# local (unix socket) = trust, TCP = scram-sha-256: every client of the tests logs in over TCP
$AS $BIN/initdb -D "$DIR/data" -U postgres --pwfile="$pw" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
rm -f "$pw"
cat >> "$DIR/data/postgresql.conf" <<CONF
# --- test settings (test/peers/pg/start.sh) ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR/sock'
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = on      # crash tests: a committed transaction must survive pg_ctl -m immediate
full_page_writes = off
shared_buffers = 64MB
max_connections = 100
log_min_messages = warning
CONF
$AS $BIN/pg_ctl -D "$DIR/data" -l "$DIR/postgres.log" -w -t 30 start >/dev/null
$AS $BIN/psql -h "$DIR/sock" -p "$PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE \"$APPUSER\" LOGIN $ATTRS PASSWORD '$APPPASS'" \
    -c "CREATE DATABASE \"$APPDB\" OWNER \"$APPUSER\"" \
    -c "REVOKE ALL ON DATABASE \"$APPDB\" FROM PUBLIC" >/dev/null
$AS $BIN/psql -h "$DIR/sock" -p "$PORT" -U postgres -d "$APPDB" -qAt -v ON_ERROR_STOP=1 \
    -c "ALTER SCHEMA public OWNER TO \"$APPUSER\"" -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC" >/dev/null
PID=$(head -1 "$DIR/data/postmaster.pid")
echo "postgres up: postgresql://$APPUSER:$APPPASS@127.0.0.1:$PORT/$APPDB  (socket dir $DIR/sock, superuser postgres/$SUPERPASS)"
echo $PID
