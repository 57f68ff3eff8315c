#!/bin/sh
# layering.sh SRC - run layering.py on the source tree, then prove that it
# fails on a tree with each kind of violation.
set -eu
src=$1
here=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || exit 77
python3 "$here/layering.py" "$src"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
expect_fail() { # NAME FILE LINE
  rm -rf "$tmp/t"
  mkdir -p "$tmp/t/engine/util" "$tmp/t/engine/doc" "$tmp/t/engine/parse" \
    "$tmp/t/engine/corpus" "$tmp/t/engine/analytics" "$tmp/t/reports" \
    "$tmp/t/engine/cli" "$tmp/t/engine/mpi" "$tmp/t/include"
  touch "$tmp/t/engine/parse/parse.h" "$tmp/t/engine/util/util.h" \
    "$tmp/t/reports/report.h" "$tmp/t/engine/mpi/run.h"
  printf '%s\n' "$3" >"$tmp/t/$2"
  if python3 "$here/layering.py" "$tmp/t" 2>/dev/null; then
    echo "FAIL: layering.py accepted $1 ($2: $3)" >&2
    exit 1
  fi
}
expect_fail "an upward include" engine/doc/doc.h '#include "../parse/parse.h"'
expect_fail "cmark outside parse" engine/corpus/x.c '#include <cmark.h>'
expect_fail "libyaml outside parse" reports/x.c '#include <yaml.h>'
expect_fail "ICU outside parse" engine/util/x.c '#include <unicode/ubrk.h>'
expect_fail "GSL outside analytics" engine/parse/x.c '#include <gsl/gsl_sf.h>'
expect_fail "reports from analytics" engine/analytics/x.c \
  '#include "../../reports/report.h"'
expect_fail "MPI outside mpi" engine/corpus/x.c '#include <mpi.h>'
expect_fail "the mpi layer from analytics" engine/analytics/x.c \
  '#include "../mpi/run.h"'
echo "layering: the checker rejects each kind of violation"
