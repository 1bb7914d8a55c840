#!/bin/sh
# usage: restart.sh DIR    start the cluster of start.sh again, keeping its data
# (after stop.sh DIR immediate this runs crash recovery first). Prints the PID (last line).
set -eu
DIR=${1:?dir}
if [ "$(id -u)" = 0 ]; then AS="runuser -u postgres --"; else AS=""; fi
$AS /usr/lib/postgresql/15/bin/pg_ctl -D "$DIR/data" -l "$DIR/postgres.log" -w -t 30 start >/dev/null
head -1 "$DIR/data/postmaster.pid"
