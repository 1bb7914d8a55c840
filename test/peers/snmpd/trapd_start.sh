#!/bin/sh
# Start a private snmptrapd (foreground mode, backgrounded by this script).
# usage: trapd_start.sh [PORT] [DIR]    defaults: 26162  /tmp/noc-peers/run/snmptrapd-$PORT (WIPED)
# Received notifications are appended to DIR/traps.log (one "TRAP ..." line each).
# prints the PID (last line).   stop: stop.sh DIR
set -eu
PORT=${1:-${PORT:-26162}}
DIR=${2:-${DIR:-/tmp/noc-peers/run/snmptrapd-$PORT}}
HERE=$(cd "$(dirname "$0")" && pwd)
[ -f "$DIR/snmptrapd.pid.mine" ] && "$HERE/stop.sh" "$DIR" >/dev/null 2>&1 || true
if ss -Hlun | awk '{print $4}' | grep -qE "^(127\.0\.0\.1|0\.0\.0\.0|\*):$PORT\$"; then
    echo "trapd_start.sh: udp port $PORT busy" >&2; exit 1; fi
rm -rf "$DIR"; mkdir -p "$DIR/persist" "$DIR/tmp"; DIR=$(cd "$DIR" && pwd)
export TMPDIR="$DIR/tmp"
sed -e "s|@PORT@|$PORT|g" "$HERE/snmptrapd.conf.in" > "$DIR/snmptrapd.conf"
# MIBDIRS: optional dir with IF-MIB etc. text files so varbinds print by name
# (Debian ships none; e.g. node_modules/net-snmp/lib/mibs).  -m IF-MIB only if found.
MIBOPT=""
if [ -n "${MIBDIRS:-}" ]; then MIBOPT="-m IF-MIB"; else export MIBS=; fi
SNMP_PERSISTENT_DIR="$DIR/persist" setsid sh -c 'echo $$ > "$1"; shift; exec "$@"' _ "$DIR/snmptrapd.pid.mine" \
    snmptrapd -f -Lf "$DIR/traps.log" -C -c "$DIR/snmptrapd.conf" -p "$DIR/snmptrapd.pid" $MIBOPT \
    </dev/null >"$DIR/snmptrapd.out" 2>&1 &
i=0; until [ -s "$DIR/snmptrapd.pid.mine" ]; do i=$((i+1)); [ $i -gt 50 ] && break; sleep 0.05; done
PID=$(cat "$DIR/snmptrapd.pid.mine")
i=0
until ss -Hlun | awk '{print $4}' | grep -q "^127.0.0.1:$PORT\$"; do
    i=$((i+1)); if [ $i -gt 50 ] || ! kill -0 $PID 2>/dev/null; then
        echo "snmptrapd did not start" >&2; cat "$DIR/snmptrapd.out" "$DIR/traps.log" >&2; exit 1; fi; sleep 0.1
done
echo "snmptrapd up on udp 127.0.0.1:$PORT log=$DIR/traps.log"
echo $PID
