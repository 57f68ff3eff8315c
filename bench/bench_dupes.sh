#!/bin/sh
# bench_dupes.sh: the near-duplicate join (SPEC v2 section 3), exact and
# fast. Builds a Release tree in build-bench-dup/, then
#  1. exactness: a planted corpus (genplanted.py, 2,000 essays) against
#     brute force (brute_dupes.py: every pair's Jaccard), at several
#     --shingle/--dup-threshold settings: the duplicates report and the
#     pair set (dupes_pairs) must be identical;
#  2. speed: -r duplicates against -r terms on the same corpus, paired
#     (terms, duplicates, terms, duplicates, ...), RUNS pairs, on 100,000
#     generated essays (gencorpus.py, seed 11);
#  3. growth: -r duplicates on 20k, 100k and 200k essays;
#  4. template-heavy: 20,000 essays built from 4 shared templates.
# Prints wall and user seconds and peak RSS of each run. Corpora go to
# $BENCH_DIR (default /tmp/es-bench-dup) and are reused.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$src/../shared}
dir=${BENCH_DIR:-/tmp/es-bench-dup}
runs=${RUNS:-2}
build=$src/build-bench-dup
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DES_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 >/dev/null
cli=$build/essay-stats
libs=$(pkg-config --libs libcmark yaml-0.1 libutf8proc gsl)
for extra in icu-uc icu-i18n openblas; do
  pkg-config --exists "$extra" && libs="$libs $(pkg-config --libs "$extra")"
done
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
  -I"$src/engine" -I"$src/include" "$src/bench/dupes_pairs.c" \
  -o "$build/dupes_pairs" "$build/libessay_stats.a" $libs -lpthread -lm
mkdir -p "$dir"
gen() { # gen NAME ARGS...: make $dir/NAME once
  name=$1
  shift
  [ -d "$dir/$name" ] || "$@"
}
gen planted python3 "$src/bench/genplanted.py" "$dir/planted" 2000
gen c20k python3 "$shared/bench/gencorpus.py" "$dir/c20k" 20000 --seed 7
gen c100k python3 "$shared/bench/gencorpus.py" "$dir/c100k" 100000 --seed 11
gen c200k python3 "$shared/bench/gencorpus.py" "$dir/c200k" 200000 --seed 13
gen tpl20k python3 "$src/bench/genplanted.py" "$dir/tpl20k" 20000 \
  --templates-only --templates 4 --own 4-8
gen tpldense20k python3 "$src/bench/genplanted.py" "$dir/tpldense20k" 20000 \
  --templates-only --templates 4

echo "== exactness (planted, 2,000 essays)"
for s in "5 0.8" "1 0.8" "3 0.5" "8 0.9" "2 0.3" "5 1.0"; do
  set -- $s
  "$cli" -q -r duplicates --shingle "$1" --dup-threshold "$2" "$dir/planted" \
    >"$dir/got.csv"
  "$build/dupes_pairs" --shingle "$1" --dup-threshold "$2" "$dir/planted" \
    >"$dir/pairs.tsv"
  echo "--shingle $1 --dup-threshold $2:"
  python3 "$src/bench/brute_dupes.py" "$dir/planted" --shingle "$1" \
    --threshold "$2" --report "$dir/got.csv" --pairs "$dir/pairs.tsv" \
    >/dev/null
done

t() { # t LABEL ARGS...
  label=$1
  shift
  /usr/bin/time -f "$label: %e s wall, %U s user, %M KB" "$cli" -q "$@" >/dev/null
}
echo "== speed (100,000 essays, $runs pairs)"
i=0
while [ $i -lt "$runs" ]; do
  t "terms" -r terms "$dir/c100k"
  t "duplicates" -r duplicates "$dir/c100k"
  i=$((i + 1))
done
echo "== growth"
for c in c20k c100k c200k; do
  t "$c duplicates" -r duplicates "$dir/$c"
done
echo "== template-heavy (20,000 essays, 4 templates)"
for c in tpl20k tpldense20k; do
  t "$c terms" -r terms "$dir/$c"
  t "$c duplicates" -r duplicates "$dir/$c"
  "$build/dupes_pairs" "$dir/$c" 2>&1 >/dev/null | sed "s/^/$c: /"
done
