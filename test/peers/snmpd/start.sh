#!/bin/sh
# Start a private snmpd (net-snmp 5.9.3) in the foreground-mode, backgrounded by this script.
# usage: [TRAP_PORT=26162] [EXTRA_CONF=file] start.sh [PORT] [DIR]
#   defaults: 26161  /tmp/noc-peers/run/snmpd-$PORT (WIPED)
# EXTRA_CONF: a file appended to snmpd.conf (e.g. more createUser/rouser lines).
# prints the snmpd PID (last line).  Log: DIR/snmpd.log ; control file: DIR/ifOperStatus.2
# Adapted from the shared recipe (../../../../shared/recipes/snmpd): TMPDIR and
# SNMP_PERSISTENT_DIR point into DIR so nothing is left in /tmp or /var/lib.
set -eu
PORT=${1:-${PORT:-26161}}
DIR=${2:-${DIR:-/tmp/noc-peers/run/snmpd-$PORT}}
HERE=$(cd "$(dirname "$0")" && pwd)
[ -f "$DIR/snmpd.pid.mine" ] && "$HERE/stop.sh" "$DIR" >/dev/null 2>&1 || true
if ss -Hlun | awk '{print $4}' | grep -qE "^(127\.0\.0\.1|0\.0\.0\.0|\*):$PORT\$"; then
    echo "start.sh: udp port $PORT busy" >&2; exit 1; fi
rm -rf "$DIR"; mkdir -p "$DIR/persist" "$DIR/tmp"; DIR=$(cd "$DIR" && pwd)
export TMPDIR="$DIR/tmp" SNMP_PERSISTENT_DIR="$DIR/persist"
sed -e "s|@PORT@|$PORT|g" -e "s|@DIR@|$DIR|g" "$HERE/snmpd.conf.in" > "$DIR/snmpd.conf"
# TRAP_PORT=26162 -> agent sends coldStart + linkUp/linkDown traps there (see snmpd.traps.conf.in)
if [ -n "${TRAP_PORT:-}" ]; then
    sed -e "s|@TRAP_PORT@|$TRAP_PORT|g" "$HERE/snmpd.traps.conf.in" >> "$DIR/snmpd.conf"; fi
if [ -n "${EXTRA_CONF:-}" ]; then cat "$EXTRA_CONF" >> "$DIR/snmpd.conf"; fi
cp "$HERE/ifoper_persist.py" "$DIR/"
# no ifOperStatus.N files at start: real interface states
# -f foreground  -Lo log to stdout  -C only our -c file  -p pidfile
# -I -smux,...: skip modules that are irrelevant here
# SNMP_PERSISTENT_DIR keeps USM keys/boots counter out of /var/lib/snmp
# MIBS= (empty): with -C the Debian /etc/snmp/snmp.conf ("mibs :") is not read, and snmpd
# would print hundreds of "Cannot find module" lines (Debian ships no IETF MIB files).
# The listen address comes from "agentaddress" in the conf (giving it on the command line
# too makes snmpd fail with 'Error opening specified endpoint').
MIBS= SNMP_PERSISTENT_DIR="$DIR/persist" setsid sh -c 'echo $$ > "$1"; shift; exec "$@"' _ "$DIR/snmpd.pid.mine" \
    snmpd -f -Lo -C -c "$DIR/snmpd.conf" -p "$DIR/snmpd.pid" -I -smux >"$DIR/snmpd.log" 2>&1 </dev/null &
i=0; until [ -s "$DIR/snmpd.pid.mine" ]; do i=$((i+1)); [ $i -gt 50 ] && break; sleep 0.05; done
PID=$(cat "$DIR/snmpd.pid.mine")
i=0
until MIBS= snmpget -v2c -c public -r 0 -t 0.3 127.0.0.1:$PORT .1.3.6.1.2.1.1.3.0 >/dev/null 2>&1; do
    i=$((i+1)); if [ $i -gt 50 ] || ! kill -0 $PID 2>/dev/null; then
        echo "snmpd did not start" >&2; cat "$DIR/snmpd.log" >&2; exit 1; fi; sleep 0.1
done
echo "snmpd up on udp 127.0.0.1:$PORT dir=$DIR"
echo $PID
