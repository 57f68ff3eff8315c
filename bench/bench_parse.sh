#!/bin/sh
# bench/bench_parse.sh [N] - parsing speed against the floor, side by side.
#
#   floor      cmark_floor: read each file, cmark-parse it, walk the tree,
#              free (no cmark-based parser can be faster)
#   j1, j2     essay-stats --report terms --jobs 1 / --jobs 2 (parse every
#              essay, count terms; no similarity)
#   peer       (PEER=1) peer_sklearn.py, and the default essays report of
#              essay-stats for comparison
#
# Each is run RUNS times (default 3), alternating; the median wall time,
# the median user and system CPU time and the largest peak RSS are
# printed, then the ratios. The inputs come from the shared bench folder
# ($ES_SHARED/bench, default ../shared/bench beside the source tree) when
# it is there:
#   cmark_floor.c  built into $BENCH_DIR/cmark_floor
#   gencorpus.py   writes the corpus (seed 11) into $BENCH_DIR/cN if missing
#   peer_sklearn.py  for PEER=1
# Without it, an existing $BENCH_DIR/cmark_floor and $BENCH_DIR/cN are
# used; whatever is missing is named and the script stops (exit 2).
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
floor=$work/cmark_floor

# Find every input before building anything.
missing=""
if [ -f "$shared/bench/cmark_floor.c" ]; then
  floor_src=$shared/bench/cmark_floor.c
elif [ -x "$floor" ]; then
  floor_src=""
else
  missing="$missing
  the floor: $shared/bench/cmark_floor.c (or a built $floor)"
fi
if [ ! -d "$corpus" ] && [ ! -f "$shared/bench/gencorpus.py" ]; then
  missing="$missing
  the corpus: $corpus (or $shared/bench/gencorpus.py to generate it)"
fi
if [ "${PEER:-0}" = 1 ] && [ ! -f "$shared/bench/peer_sklearn.py" ]; then
  missing="$missing
  the peer (PEER=1): $shared/bench/peer_sklearn.py"
fi
if [ -n "$missing" ]; then
  echo "bench_parse.sh: missing:$missing" >&2
  echo "Set ES_SHARED to the folder holding bench/, or BENCH_DIR to a folder" >&2
  echo "with cmark_floor and c$N (see bench/README.md)." >&2
  exit 2
fi

mkdir -p "$work"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DES_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
es=$build/essay-stats
if [ -n "$floor_src" ]; then
  cc -O2 -o "$floor" "$floor_src" $(pkg-config --cflags --libs libcmark)
else
  echo "using the existing $floor (no cmark_floor.c found)" >&2
fi
if [ ! -d "$corpus" ]; then
  echo "generating $N essays into $corpus" >&2
  python3 "$shared/bench/gencorpus.py" "$corpus" "$N" --seed "$SEED"
fi
find "$corpus/" -type f | LC_ALL=C sort > "$list"

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# run LABEL CMD...: one timed run; appends wall, user and system seconds
# and keeps the largest RSS (MB), in variables named after LABEL.
run() {
  label=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.out" "$@" >/dev/null 2>"$work/err.out" || {
    echo "$label failed:" >&2
    cat "$work/err.out" >&2
    exit 1
  }
  read -r t u s m < "$work/time.out"
  eval "W_$label=\"\${W_$label:-} $t\"; U_$label=\"\${U_$label:-} $u\"; S_$label=\"\${S_$label:-} $s\""
  eval "[ \"$((m / 1024))\" -gt \"\${M_$label:-0}\" ] && M_$label=$((m / 1024))" || true
}

# report LABEL: medians of its runs; sets T_LABEL (wall) and C_LABEL (user).
report() {
  eval "w=\$W_$1; u=\$U_$1; s=\$S_$1; m=\${M_$1:-0}"
  tw=$(echo $w | median)
  tu=$(echo $u | median)
  ts=$(echo $s | median)
  printf '%-7s wall %6.2f s  user %6.2f s  sys %5.2f s  %6s MB   (wall runs:%s)\n' \
    "$1" "$tw" "$tu" "$ts" "$m" "$w"
  eval "T_$1=$tw; C_$1=$tu"
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the runs"
echo "corpus:  $N essays, $(du -sh "$corpus/" | cut -f1), $list"
i=0
while [ $i -lt "$RUNS" ]; do
  run floor sh -c "'$floor' < '$list'"
  run j1 "$es" -q --no-progress --report terms --jobs 1 "$corpus"
  run j2 "$es" -q --no-progress --report terms --jobs 2 "$corpus"
  i=$((i + 1))
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) after"
report floor
report j1
report j2
awk -v f="$T_floor" -v a="$T_j1" -v b="$T_j2" -v cf="$C_floor" -v ca="$C_j1" 'BEGIN {
  printf "ratio j1/floor   %.2f wall, %.2f user (target <= 1.6)\n", a / f, ca / cf
  printf "speedup j1/j2    %.2f (target >= 1.8)\n", a / b }'
if [ "${PEER:-0}" = 1 ]; then
  run peer /usr/bin/python3 "$shared/bench/peer_sklearn.py" "$list" "$work/peer.csv"
  run essays "$es" -q --no-progress "$corpus"
  report peer
  report essays
  awk -v p="$T_peer" -v e="$T_essays" 'BEGIN {
    printf "peer/essays      %.1f\n", p / e }'
fi
