#!/bin/sh
# run_golden.sh CLI SRCDIR NAME ARGS... : run the CLI in SRCDIR with ARGS and
# compare its stdout byte for byte with tests/golden/NAME.csv.
# An argument @DIR stands for a fresh temporary folder (for --out-dir); the
# file compared is then DIR/datapackage.json, with tests/golden/NAME.json.
# With ES_UPDATE_GOLDEN=1 the golden file is rewritten instead.
set -u
cli=$1 src=$2 name=$3
shift 3
out=$(mktemp) || exit 1
dir=""
trap 'rm -f "$out"; [ -n "$dir" ] && rm -rf "$dir"' EXIT
for a; do
  shift
  if [ "$a" = @DIR ]; then
    dir=$(mktemp -d) || exit 1
    set -- "$@" "$dir/out"
  else
    set -- "$@" "$a"
  fi
done
golden="$src/tests/golden/$name.csv"
[ -n "$dir" ] && golden="$src/tests/golden/$name.json"
cd "$src" || exit 1
"$cli" -q --no-progress "$@" > "$out"
rc=$?
if [ $rc -ne 0 ]; then
  echo "essay-stats exited with $rc" >&2
  exit 1
fi
[ -n "$dir" ] && cp "$dir/out/datapackage.json" "$out"
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
