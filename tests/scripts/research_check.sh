#!/bin/sh
# research_check.sh CLI SRC WEIGHTING [OPTIONS...]: write the essays, terms, docterms
# and keyness reports of data/ grouped by categoryName (with OPTIONS), then
# recompute them with research_check.py. Exit 77 without python3.
set -eu
cli=$1 src=$2 weighting=$3
shift 3
command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
"$cli" -q --no-progress --out-dir "$tmp/out" --group-by categoryName \
  --min-count 1 --reports essays,terms,docterms,keyness \
  --weighting "$weighting" "$@" data
python3 "$(dirname "$0")/research_check.py" "$tmp/out" categoryName "$weighting"
