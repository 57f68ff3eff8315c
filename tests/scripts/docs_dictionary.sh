#!/bin/sh
# docs_dictionary.sh GENERATOR DOC: the column dictionary in DOC (between
# the "BEGIN/END column dictionary" markers) must equal what GENERATOR
# (docs/dictionary.c, from the schema table) prints. With ES_UPDATE_DOCS=1
# the block is rewritten instead.
set -eu
gen=$1 doc=$2
begin='<!-- BEGIN column dictionary -->'
end='<!-- END column dictionary -->'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gen" >"$tmp/generated"
if [ "$(grep -cxF "$begin" "$doc")" -ne 1 ] || [ "$(grep -cxF "$end" "$doc")" -ne 1 ]; then
  echo "FAIL: $doc needs one '$begin' line and one '$end' line" >&2
  exit 1
fi
# The file with the block replaced by the generator's output.
awk -v b="$begin" -v e="$end" -v g="$tmp/generated" '
  $0 == b { print; while ((getline line < g) > 0) print line; skip = 1; next }
  $0 == e { skip = 0 }
  !skip { print }' "$doc" >"$tmp/want"
if cmp -s "$doc" "$tmp/want"; then
  echo "docs_dictionary: $doc is up to date"
  exit 0
fi
if [ "${ES_UPDATE_DOCS:-0}" = 1 ]; then
  cp "$tmp/want" "$doc"
  echo "updated the column dictionary in $doc"
  exit 0
fi
echo "FAIL: the column dictionary in $doc is out of date with reports/table.c" >&2
echo "(ES_UPDATE_DOCS=1 ctest -R docs_dictionary rewrites it):" >&2
diff -u "$doc" "$tmp/want" | head -40 >&2
exit 1
