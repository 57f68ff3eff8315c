#!/bin/sh
# notebook.sh pandas|r CLI SRC DOC: run `essay-stats --out-dir` on data/ and
# on a small corpus made here (key terms, terms, front-matter values and
# group names spelled NA, None, null, nan; ids with leading zeros; front-
# matter keys that clash with fixed columns), then load every report the
# way README.md (DOC) tells notebook users to, with pandas (Debian's
# /usr/bin/python3, not a pyenv one on PATH) or R, and check the result.
# Exit 77 (skip) when the tool is missing.
set -eu
tool=$1 cli=$2 src=$3 doc=$4
here=$(dirname "$0")
case $tool in
pandas)
  [ -x /usr/bin/python3 ] || { echo "no /usr/bin/python3: skipped"; exit 77; }
  /usr/bin/python3 -c 'import pandas' 2>/dev/null ||
    { echo "no python3-pandas: skipped"; exit 77; }
  ;;
r)
  command -v Rscript >/dev/null 2>&1 || { echo "no Rscript (r-base-core): skipped"; exit 77; }
  Rscript -e 'library(jsonlite)' >/dev/null 2>&1 ||
    { echo "no jsonlite (r-cran-jsonlite): skipped"; exit 77; }
  ;;
*)
  echo "usage: $0 pandas|r CLI SRC DOC" >&2
  exit 2
  ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/corpus/sub"
cat >"$tmp/corpus/a.md" <<'ESSAY'
---
movieId: "0042"
title: A front-matter title
words: none
category: NA
catalogNo: 007
---
**Stillwater: A Study**

**Introduction: Missing Words**

The key terms **NA** and **None** are words here, and so are null, nan,
na and none.

**Body: Evidence**

A **null** key term, the **N/A** one, and **nan**: none is missing.
ESSAY
cat >"$tmp/corpus/b.md" <<'ESSAY'
---
movieId: 7
category: None
catalogNo: 1.10
'odd "key" \ with	tab': JSON and CSV must escape this name
---
# Second Essay

## Introduction

Another essay with **NA** again, and the words nan, none and null.
ESSAY
cat >"$tmp/corpus/sub/c.txt" <<'ESSAY'
No front matter: NA, "quoted, with a comma", and **a, b** as a key term.
ESSAY

run() { # run OUT ARGS...: essay-stats --out-dir OUT ARGS
  out=$1
  shift
  rc=0
  "$cli" -q --no-progress --out-dir "$out" "$@" || rc=$?
  [ $rc -eq 0 ] || { echo "FAIL: essay-stats --out-dir $out $* exited $rc" >&2; exit 1; }
}
# Every report of the table (the "Reports:" paragraph of --help), so that
# the optional ones (docterms) and those that need --group-by load too.
all=$("$cli" --help | sed -n '/^Reports:/,/^$/p' | sed 's/^Reports://; s/(default)//' |
  tr ', ' '\n\n' | grep . | paste -sd, -)
run "$tmp/fixture" --group-by category --reports "$all" "$tmp/corpus"
# Complete files only (temporaries renamed away), and the same descriptor
# whatever the thread count.
extra=$(ls -A "$tmp/fixture" | grep -v -e '\.csv$' -e '^datapackage\.json$' || true)
[ -z "$extra" ] || { echo "FAIL: stray files in the output: $extra" >&2; exit 1; }
run "$tmp/fixture_j1" -j 1 --group-by category --reports "$all" "$tmp/corpus"
cmp "$tmp/fixture/datapackage.json" "$tmp/fixture_j1/datapackage.json" ||
  { echo "FAIL: datapackage.json depends on --jobs" >&2; exit 1; }
dirs="$tmp/fixture"
if ls "$src/data" 2>/dev/null | grep -q .; then
  # From the source directory, so that doc_ids are data/... as in docs.
  (cd "$src" && run "$tmp/data" data)
  dirs="$dirs $tmp/data"
fi

case $tool in
pandas) exec /usr/bin/python3 "$here/notebook_pandas.py" "$doc" $dirs ;;
r) exec Rscript --vanilla "$here/notebook_r.R" "$doc" $dirs ;;
esac
