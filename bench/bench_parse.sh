#!/bin/sh
# bench/bench_parse.sh [N] - parsing speed against the floor, side by side.
#
#   floor      ../shared/bench/cmark_floor.c: read each file, cmark-parse it,
#              walk the tree, free (no cmark-based parser can be faster)
#   j1, j2     essay-stats --report terms --jobs 1 / --jobs 2 (parse every
#              essay, count terms; no similarity)
#   peer       (PEER=1) ../shared/bench/peer_sklearn.py, and the default
#              essays report of essay-stats for comparison
#
# Each is run RUNS times (default 3); the median wall time and the largest
# peak RSS are printed, then the ratios. The corpus is generated with
# ../shared/bench/gencorpus.py (seed 11) into $BENCH_DIR (default
# /tmp/es-bench) when missing.
set -eu
N=${1:-100000}
RUNS=${RUNS:-3}
SEED=${SEED:-11}
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${ES_SHARED:-$root/../shared}
work=${BENCH_DIR:-/tmp/es-bench}
build=$root/build-bench
corpus=$work/c$N
list=$work/c$N.list
mkdir -p "$work"

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DES_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
es=$build/essay-stats
cc -O2 -o "$work/cmark_floor" "$shared/bench/cmark_floor.c" $(pkg-config --cflags --libs libcmark)
if [ ! -d "$corpus" ]; then
  echo "generating $N essays into $corpus" >&2
  python3 "$shared/bench/gencorpus.py" "$corpus" "$N" --seed "$SEED"
fi
find "$corpus/" -type f | LC_ALL=C sort > "$list"

# measure LABEL CMD...: median wall seconds and max RSS (MB) of RUNS runs.
measure() {
  label=$1
  shift
  times=""
  rss=0
  i=0
  while [ $i -lt "$RUNS" ]; do
    /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >/dev/null 2>"$work/err.out" || {
      echo "$label failed:" >&2
      cat "$work/err.out" >&2
      exit 1
    }
    read -r t m < "$work/time.out"
    times="$times $t"
    [ "$m" -gt "$rss" ] && rss=$m
    i=$((i + 1))
  done
  med=$(echo $times | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-28s %8.2f s %8.0f MB   (runs:%s)\n' "$label" "$med" "$((rss / 1024))" "$times"
  eval "T_$(echo "$label" | tr -c 'a-z0-9\n' '_')=$med"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "corpus:  $N essays, $(du -sh "$corpus" | cut -f1), $list"
measure floor sh -c "'$work/cmark_floor' < '$list'"
measure j1 "$es" -q --no-progress --report terms --jobs 1 "$corpus"
measure j2 "$es" -q --no-progress --report terms --jobs 2 "$corpus"
awk -v f="$T_floor" -v a="$T_j1" -v b="$T_j2" 'BEGIN {
  printf "ratio j1/floor   %.2f (target <= 2.0)\n", a / f
  printf "speedup j1/j2    %.2f (target >= 1.7)\n", a / b }'
if [ "${PEER:-0}" = 1 ]; then
  RUNS=1
  measure peer /usr/bin/python3 "$shared/bench/peer_sklearn.py" "$list" "$work/peer.csv"
  measure essays "$es" -q --no-progress "$corpus"
  awk -v p="$T_peer" -v e="$T_essays" 'BEGIN {
    printf "peer/essays      %.1f\n", p / e }'
fi
