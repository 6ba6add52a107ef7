#!/usr/bin/env bash
# Fetches the tonejs-instruments note samples from the npm registry and lays them out as a timbre sample folder:
# OUT/<class code>/<package>_<note>.<ext> with a LICENCES.tsv, ready for `timbre synth --samples OUT`.
# Needs npm (the registry is its only network use) and tar.
set -euo pipefail
out=${1:?usage: fetch-tonejs.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# package (format) -> IRMAS class
packages="cello-wav:cel clarinet-mp3:cla flute-wav:flu guitar-acoustic-wav:gac guitar-nylon-mp3:gac
guitar-electric-wav:gel organ-mp3:org piano-wav:pia saxophone-wav:sax trumpet-wav:tru violin-wav:vio"
for entry in $packages; do
  pkg=tonejs-instrument-${entry%%:*}
  code=${entry##*:}
  (cd "$work" && npm pack --silent "$pkg" >/dev/null)
  mkdir -p "$work/$pkg" "$out/$code"
  tar xzf "$work/$pkg"-*.tgz -C "$work/$pkg"
  short=${entry%%:*}
  short=${short%-*}
  for f in "$work/$pkg"/package/*.wav "$work/$pkg"/package/*.mp3; do
    [ -e "$f" ] || continue
    cp "$f" "$out/$code/${short}_$(basename "$f")"
  done
done
printf 'source\tkind\tlicence_as_stated\n%s\tnote\tMIT (npm packages tonejs-instrument-*, Makefully-Studios/tonejs-instruments)\n' \
  "$(basename "$out")" > "$out/LICENCES.tsv"
echo "wrote $(find "$out" -type f ! -name LICENCES.tsv | wc -l) samples to $out"
