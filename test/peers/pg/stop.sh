#!/bin/sh
# usage: stop.sh DIR [fast|immediate]
#   fast (default): rolls back open transactions, disconnects clients, clean shutdown
#   immediate: like a crash (no checkpoint; the next start runs crash recovery)
DIR=${1:?dir}; MODE=${2:-fast}
[ -f "$DIR/data/postmaster.pid" ] || { echo "not running ($DIR/data/postmaster.pid missing)"; exit 0; }
if [ "$(id -u)" = 0 ]; then AS="runuser -u postgres --"; else AS=""; fi
PID=$(head -1 "$DIR/data/postmaster.pid")
$AS /usr/lib/postgresql/15/bin/pg_ctl -D "$DIR/data" -m "$MODE" -w -t 30 stop >/dev/null
echo "stopped postgres pid $PID ($MODE)"
