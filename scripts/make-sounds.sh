#!/bin/sh
# Makes the wall's alarm sounds with sox (Debian package `sox`). The files are the
# project's own (synthesised here, no samples from anywhere): see resources/sounds/LICENSE.
# Each file holds one alarm call followed by silence, so a looping player repeats it with
# a pause. Distinct per severity, recognisable without looking:
#   critical.ogg  two-tone siren (880/660 Hz), fast, four times, then 0.6 s of silence
#   warning.ogg   two mid beeps (740 Hz), then 1.5 s of silence
#   unknown.ogg   three low soft blips (440 Hz), then 2 s of silence
# usage: scripts/make-sounds.sh [OUTDIR]   (default resources/sounds)
set -eu
OUT=${1:-$(cd "$(dirname "$0")/.." && pwd)/resources/sounds}
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
RATE=22050
tone() { # file freq seconds volume
  sox -n -r $RATE -c 1 -b 16 "$TMP/$1.wav" synth "$3" sine "$2" fade q 0.01 "$3" 0.02 vol "$4"
}
gap() { sox -n -r $RATE -c 1 -b 16 "$TMP/$1.wav" trim 0 "$2"; }

tone hi 880 0.18 0.6; tone lo 660 0.18 0.6
sox "$TMP/hi.wav" "$TMP/lo.wav" "$TMP/hi.wav" "$TMP/lo.wav" "$TMP/hi.wav" "$TMP/lo.wav" "$TMP/hi.wav" "$TMP/lo.wav" "$TMP/siren.wav"
gap g06 0.6
sox "$TMP/siren.wav" "$TMP/g06.wav" "$TMP/critical.wav"

tone beep 740 0.16 0.5; gap g012 0.12; gap g15 1.5
sox "$TMP/beep.wav" "$TMP/g012.wav" "$TMP/beep.wav" "$TMP/g15.wav" "$TMP/warning.wav"

tone blip 440 0.08 0.35; gap g010 0.10; gap g20 2.0
sox "$TMP/blip.wav" "$TMP/g010.wav" "$TMP/blip.wav" "$TMP/g010.wav" "$TMP/blip.wav" "$TMP/g20.wav" "$TMP/unknown.wav"

for s in critical warning unknown; do
  # -C 0: the smallest Vorbis quality; plenty for sine tones. Metadata says whose it is.
  sox "$TMP/$s.wav" -C 0 --comment "Aedify NOC alarm sound ($s), made by scripts/make-sounds.sh" "$OUT/$s.ogg"
done
ls -l "$OUT"/*.ogg
