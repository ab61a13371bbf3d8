#!/bin/sh
# check-ispdb-table.sh CONVERTER ISPDB_DIR TABLE — TAP: regenerating the
# bundled provider table from the ISPDB snapshot gives the committed file.
# Skips, saying why, where the snapshot is not there (it lives beside the
# repository, in ../shared/ispdb, not inside it).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

converter=$1 ispdb=$2 table=$3

if [ ! -d "$ispdb" ]; then
  echo "1..0 # SKIP no ISPDB snapshot at $ispdb (set -Dispdb_dir=DIR)"
  exit 0
fi

echo "1..1"
fresh=$(mktemp)
trap 'rm -f "$fresh"' EXIT
if python3 "$converter" "$ispdb" > "$fresh" && cmp -s "$fresh" "$table"; then
  echo "ok 1 - $table is what build-aux/ispdb-convert.py makes of $ispdb"
else
  echo "not ok 1 - $table differs from a fresh conversion of $ispdb; rerun:"
  echo "#   build-aux/ispdb-convert.py $ispdb > src/engine/discovery/providers.txt"
  diff "$table" "$fresh" | head -20 | sed 's/^/# /'
fi
