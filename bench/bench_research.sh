#!/bin/sh
# bench/bench_research.sh [N] - the research reports against --report terms
# on the same corpus, in paired runs (terms, X, terms, X, ...) so that the
# machine's drift hits both sides alike:
#
#   phrases    -r phrases                              (goal: <= 2x terms)
#   keyness    -r keyness --group-by categoryName      (goal: <= 1.25x terms)
#   docterms   -r docterms > file                      (goal: >= 150 MB/s of
#              CSV, counted as bytes written / (time - time of terms))
#   essays     -r essays against the same report of an older build without
#              the research columns, ESSAYS_BASE=BIN (goal: < 10% more)
#
# RUNS pairs (default 3); each pair's ratio is printed, then the median.
# The corpus is ../shared/bench/gencorpus.py N --seed 11 in $BENCH_DIR
# (default /tmp/es-bench), generated when missing.
set -eu
N=${1:-100000}
RUNS=${RUNS:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${ES_SHARED:-$root/../shared}
work=${BENCH_DIR:-/tmp/es-bench}
build=$root/build-bench
corpus=${CORPUS:-$work/c$N}
mkdir -p "$work"

# ES_BIN: a binary already built (else build-bench/ is made from the tree).
if [ -n "${ES_BIN:-}" ]; then
  es=$ES_BIN
else
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DES_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" -j2 >/dev/null
  es=$build/essay-stats
fi
if [ ! -d "$corpus" ]; then
  echo "generating $N essays into $corpus" >&2
  python3 "$shared/bench/gencorpus.py" "$corpus" "$N" --seed 11
fi

# wall LABEL CMD...: wall seconds of one run (stdout to $work/out.csv).
wall() {
  /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >"$work/out.csv" 2>"$work/err.out" || {
    echo "failed: $*" >&2
    cat "$work/err.out" >&2
    exit 1
  }
  read -r t m <"$work/time.out"
  echo "$t $m"
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# pair NAME BASE_CMD -- CMD: RUNS paired runs, ratios and their median.
pair() {
  name=$1
  shift
  base=""
  while [ "$1" != "--" ]; do base="$base $1"; shift; done
  shift
  ratios=""
  i=0
  while [ $i -lt "$RUNS" ]; do
    # shellcheck disable=SC2086
    tb=$(wall $base | cut -d' ' -f1)
    r=$(wall "$@")
    tx=${r% *}
    mx=${r#* }
    bytes=$(wc -c <"$work/out.csv")
    ratio=$(awk -v a="$tx" -v b="$tb" 'BEGIN {printf "%.3f", a / b}')
    ratios="$ratios $ratio"
    printf '%-10s pair %d: base %6.2f s, %s %6.2f s (%d MB RSS, %d bytes out), ratio %s\n' \
      "$name" $((i + 1)) "$tb" "$name" "$tx" $((mx / 1024)) "$bytes" "$ratio"
    if [ "$name" = docterms ]; then
      awk -v b="$bytes" -v t="$tx" -v t0="$tb" \
        'BEGIN {printf "docterms   %.0f MB/s over the whole run, %.0f MB/s beyond terms\n", b / t / 1e6, b / (t - t0) / 1e6}'
    fi
    i=$((i + 1))
  done
  echo "$name median ratio: $(echo $ratios | median)"
}

echo "machine: $(nproc) cores; corpus $corpus ($(du -sh "$corpus" | cut -f1))"
what=${WHAT:-phrases keyness docterms essays}
for w in $what; do
  case $w in
  phrases) pair phrases "$es" -q -r terms "$corpus" -- "$es" -q -r phrases "$corpus" ;;
  keyness) pair keyness "$es" -q -r terms "$corpus" -- \
    "$es" -q -r keyness --group-by categoryName "$corpus" ;;
  docterms) pair docterms "$es" -q -r terms "$corpus" -- "$es" -q -r docterms "$corpus" ;;
  essays)
    if [ -n "${ESSAYS_BASE:-}" ]; then
      pair essays "$ESSAYS_BASE" -q -r essays "$corpus" -- "$es" -q -r essays "$corpus"
    fi
    ;;
  esac
done
