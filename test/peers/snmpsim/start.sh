#!/bin/sh
# Start snmpsimd (Debian snmpsim 0.4.5) serving every *.snmprec in DATADIR.
# usage: start.sh [PORT] [DATADIR] [RUNDIR]
#   defaults: 26163  /tmp/noc-peers/run/snmpsim-data  /tmp/noc-peers/run/snmpsim-$PORT (WIPED; cache + log)
# env: SIM_LOG=null|file (default null: per-request logging is very slow/verbose)
# Community (v1/v2c) or SNMPv3 context name = data file path relative to DATADIR without
# ".snmprec" (sw0001.snmprec -> -c sw0001).  Unknown community -> no answer (timeout).
# SNMPv3: user v3user, SHA "authpass123", AES "privpass123"; use -n <context> to pick the file.
# prints the snmpsimd PID (last line).  stop: stop.sh RUNDIR
# Adapted from the shared recipe: TMPDIR points into RUNDIR, and as a non-root user it
# runs as that user (snmpsimd only refuses to run as root).
set -eu
PORT=${1:-${PORT:-26163}}
DATADIR=${2:-/tmp/noc-peers/run/snmpsim-data}
RUN=${3:-/tmp/noc-peers/run/snmpsim-$PORT}
SIM_LOG=${SIM_LOG:-null}
HERE=$(cd "$(dirname "$0")" && pwd)
[ -d "$DATADIR" ] || { echo "no data dir $DATADIR (run gen.sh first)" >&2; exit 1; }
[ -f "$RUN/snmpsimd.pid.mine" ] && "$HERE/stop.sh" "$RUN" >/dev/null 2>&1 || true
if ss -Hlun | awk '{print $4}' | grep -qE "^(127\.0\.0\.1|0\.0\.0\.0|\*):$PORT\$"; then
    echo "start.sh: udp port $PORT busy" >&2; exit 1; fi
# KEEP_CACHE=1 keeps RUN/cache (the per-file .dbm indexes): restarts on the same data are faster
if [ "${KEEP_CACHE:-0}" = 1 ]; then rm -f "$RUN"/snmpsimd.*; else rm -rf "$RUN"; fi
mkdir -p "$RUN/cache" "$RUN/tmp"; export TMPDIR="$RUN/tmp"
if [ "$SIM_LOG" = file ]; then LOGM="file:$RUN/snmpsimd.log"; else LOGM=null; fi
# snmpsimd refuses to run as root: it drops to nobody:nogroup after binding, so the
# index cache must be writable and the data readable by nobody.
if [ "$(id -u)" = 0 ]; then
    chown nobody:nogroup "$RUN/cache" "$RUN/tmp"; chmod -R a+rX "$DATADIR"
    [ "$SIM_LOG" = file ] && chown nobody:nogroup "$RUN"
    USEROPT="--process-user=nobody --process-group=nogroup"
else USEROPT=""; fi
setsid sh -c 'echo $$ > "$1"; shift; exec "$@"' _ "$RUN/snmpsimd.pid.mine" \
    snmpsimd --data-dir="$DATADIR" --cache-dir="$RUN/cache" \
    --agent-udpv4-endpoint=127.0.0.1:$PORT \
    --v3-user=v3user --v3-auth-key=authpass123 --v3-auth-proto=SHA \
    --v3-priv-key=privpass123 --v3-priv-proto=AES \
    --logging-method=$LOGM $USEROPT \
    </dev/null >"$RUN/snmpsimd.out" 2>&1 &
i=0; until [ -s "$RUN/snmpsimd.pid.mine" ]; do i=$((i+1)); [ $i -gt 50 ] && break; sleep 0.05; done
PID=$(cat "$RUN/snmpsimd.pid.mine")
# Ready = it answers.  snmpsimd binds the port first, then indexes every data file
# (~15-25 ms per 2000-record file on first use) and only then serves requests.
COMM=$(cd "$DATADIR" && find . -name '*.snmprec' | head -1 | sed 's|^\./||; s|\.snmprec$||')
i=0
until MIBS= snmpget -v2c -c "$COMM" -t 1 -r 0 127.0.0.1:$PORT .1.3.6.1.2.1.1.5.0 >/dev/null 2>&1; do
    i=$((i+1)); if [ $i -gt 600 ] || ! kill -0 $PID 2>/dev/null; then
        echo "snmpsimd did not start" >&2; tail -20 "$RUN/snmpsimd.out" >&2; exit 1; fi
done
echo "snmpsimd up on udp 127.0.0.1:$PORT data=$DATADIR ($(find "$DATADIR" -name '*.snmprec' | wc -l) files)"
echo $PID
