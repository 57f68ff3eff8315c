#!/bin/sh
# run_golden.sh CLI SRCDIR NAME ARGS... : run the CLI in SRCDIR with ARGS and
# compare its stdout byte for byte with tests/golden/NAME.csv.
# With ES_UPDATE_GOLDEN=1 the golden file is rewritten instead.
set -u
cli=$1 src=$2 name=$3
shift 3
golden="$src/tests/golden/$name.csv"
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
cd "$src" || exit 1
"$cli" -q --no-progress "$@" > "$out"
rc=$?
if [ $rc -ne 0 ]; then
  echo "essay-stats exited with $rc" >&2
  exit 1
fi
if [ "${ES_UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$out" "$golden"
  echo "updated $golden"
  exit 0
fi
if ! cmp -s "$out" "$golden"; then
  echo "output differs from $golden:" >&2
  diff -u "$golden" "$out" | head -60 >&2
  exit 1
fi
