#!/bin/sh
# bench/bench_similarity.sh - a full essay-stats run (every report, so the
# exact top-k similarity and the near_duplicate audit) against the
# scikit-learn peer, side by side in one run.
#
#   peer    ../shared/bench/peer_sklearn.py on the 20k list (PEER_RUNS runs,
#           default 1: it takes minutes)
#   es20k   essay-stats --out-dir OUT /tmp/c20k  (RUNS runs, default 3)
#   es100k  essay-stats --out-dir OUT /tmp/c100k (RUNS_100K runs, default 3;
#           0 skips it)
#
# Corpora missing from $BENCH_DIR (default /tmp) are generated with
# ../shared/bench/gencorpus.py: c20k with seed 7, c100k with seed 11. Times
# and peak RSS come from /usr/bin/time -v; the median wall time and the
# largest peak RSS of the runs are printed, then the ratios against the
# targets (20k: >= 25x faster than the peer, RSS <= 1/4 of the peer's;
# 100k: < 60 s, < 2 GB). The load average is printed before each step:
# other work on the machine shows in the figures.
set -eu
RUNS=${RUNS:-3}
RUNS_100K=${RUNS_100K:-3}
PEER_RUNS=${PEER_RUNS:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${ES_SHARED:-$root/../shared}
work=${BENCH_DIR:-/tmp}
build=${BUILD:-$root/build-bench-sim}
out=$(mktemp -d "${TMPDIR:-/tmp}/es-bench-sim.XXXXXX")
trap 'rm -rf "$out"' EXIT

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DES_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
es=$build/essay-stats

corpus() { # corpus N SEED: the directory, generated when missing
  dir=$work/c$(($1 / 1000))k
  if [ ! -d "$dir" ]; then
    echo "generating $1 essays into $dir" >&2
    python3 "$shared/bench/gencorpus.py" "$dir" "$1" --seed "$2" >&2
  fi
  echo "$dir"
}

# measure LABEL RUNS CMD...: median wall seconds and largest max RSS.
measure() {
  label=$1
  runs=$2
  shift 2
  times=""
  rss=0
  i=0
  echo "  [$label: load average $(cut -d' ' -f1-3 /proc/loadavg)]"
  while [ "$i" -lt "$runs" ]; do
    /usr/bin/time -v -o "$out/time.out" "$@" >/dev/null 2>"$out/err.out" || {
      echo "$label failed:" >&2
      cat "$out/err.out" >&2
      exit 1
    }
    t=$(awk -F': ' '/Elapsed \(wall clock\)/ {
          n = split($2, p, ":"); s = 0
          for (k = 1; k <= n; k++) s = s * 60 + p[k]
          print s }' "$out/time.out")
    m=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.out")
    times="$times $t"
    [ "$m" -gt "$rss" ] && rss=$m
    i=$((i + 1))
  done
  med=$(echo $times | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-8s %8.2f s %8.0f MB   (runs:%s)\n' "$label" "$med" "$((rss / 1024))" "$times"
  eval "T_$label=$med M_$label=$rss"
}

c20k=$(corpus 20000 7)
list=$out/c20k.list
find "$c20k" -type f | LC_ALL=C sort > "$list"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "build:   $build (OpenBLAS: $(ldd "$es" | grep -q openblas && echo yes || echo no))"
echo "20k:     $c20k, $(find "$c20k" -type f | wc -l) essays, $(du -sh "$c20k" | cut -f1)"

measure peer "$PEER_RUNS" /usr/bin/python3 "$shared/bench/peer_sklearn.py" "$list" "$out/peer.csv"
measure es20k "$RUNS" "$es" -q --no-progress --out-dir "$out/es20k" "$c20k"
awk -v tp="$T_peer" -v te="$T_es20k" -v mp="$M_peer" -v me="$M_es20k" 'BEGIN {
  printf "20k: peer/essay-stats time %.1fx (target >= 25), RSS %.2f of the peer'"'"'s (target <= 0.25)\n",
         tp / te, me / mp }'

if [ "$RUNS_100K" -gt 0 ]; then
  c100k=$(corpus 100000 11)
  echo "100k:    $c100k, $(find "$c100k" -type f | wc -l) essays, $(du -sh "$c100k" | cut -f1)"
  measure es100k "$RUNS_100K" "$es" -q --no-progress --out-dir "$out/es100k" "$c100k"
  awk -v t="$T_es100k" -v m="$M_es100k" 'BEGIN {
    printf "100k: %.1f s (target < 60), %.2f GB (target < 2)\n", t, m / 1048576 }'
fi
