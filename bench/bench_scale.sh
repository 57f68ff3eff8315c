#!/bin/sh
# bench/bench_scale.sh [DIR...] - the cost model: every default report
# (essay-stats -q --progress -o OUT DIR) on corpora of growing size, then
# time and memory fitted as functions of N and projected to PROJECT_N.
#
# For each corpus directory (default: the four below, those that exist):
#   /tmp/es-bench/c20000  gencorpus.py 20000 --seed 11
#   /tmp/es-bench/c50000  gencorpus.py 50000 --seed 11
#   /tmp/dup_c100k        gencorpus.py 100000 --seed 11
#   /tmp/dup_c200k        gencorpus.py 200000 --seed 13
# it records N, wall, user and system time and peak RSS (/usr/bin/time),
# the time of each phase (--progress), and from terms.csv the vocabulary,
# the mean distinct terms per essay and the document-frequency (df)
# distribution: quantiles, terms in one essay, and similarity's split
# into head terms (df >= 0.15 N, multiplied densely: n^2/2 multiply-adds
# each) and tail terms (posting lists: df^2/2 adds each).
#
# One line per run is appended to $OUT/scale.tsv (default /tmp/es-scale);
# FIT_ONLY=1 fits that file again without running anything. The fit
# (least squares, scale_model.py): similarity b N + c N^2, every other
# phase, the totals' remainder and peak RSS a + b N. RUNS (default 1)
# runs per corpus; JOBS (default: online CPUs); ES=binary skips the
# build (default: a Release build in build-bench/).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-/tmp/es-scale}
runs=${RUNS:-1}
jobs=${JOBS:-$(nproc)}
mkdir -p "$out"
tsv=$out/scale.tsv

if [ "${FIT_ONLY:-0}" != 1 ]; then
  if [ -z "${ES:-}" ]; then
    build=$root/build-bench
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
      -DES_BUILD_TESTS=OFF >/dev/null
    cmake --build "$build" -j"$(nproc)" >/dev/null
    ES=$build/essay-stats
  fi
  if [ $# -eq 0 ]; then
    for d in /tmp/es-bench/c20000 /tmp/es-bench/c50000 /tmp/dup_c100k \
      /tmp/dup_c200k; do
      [ -d "$d" ] && set -- "$@" "$d"
    done
  fi
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo |
    cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/^Mem/ {print $2}') GB"
  echo "binary:  $ES ($("$ES" --version | head -1)), --jobs $jobs"
  [ -f "$tsv" ] || printf 'n\twall\tuser\tsys\trss_mb\tload\tphases\tvocab\tmean_terms\tdf_q50\tdf_q90\tdf_q99\tdf_max\tdf1\thead_terms\thead_nnz\ttail_nnz\ttail_df2\tcorpus\n' > "$tsv"
  for dir in "$@"; do
    i=0
    while [ $i -lt "$runs" ]; do
      i=$((i + 1))
      res=$out/out
      rm -rf "$res"
      load=$(cut -d' ' -f1 /proc/loadavg)
      /usr/bin/time -f "%e %U %S %M" -o "$out/time.txt" \
        "$ES" -q --progress --jobs "$jobs" -o "$res" "$dir" \
        2>"$out/progress.txt" || {
        echo "essay-stats failed on $dir:" >&2
        cat "$out/progress.txt" >&2
        exit 1
      }
      read -r wall user sys rss < "$out/time.txt"
      # N: the essays read ("essay-stats: reading: 20,000 essays in ...").
      n=$(sed -n 's/^essay-stats: reading: \([0-9,]*\) essay.*/\1/p' \
        "$out/progress.txt" | tr -d ,)
      # "essay-stats: PHASE[ item]: ... in 1.23 s | 17 s | 1 min 31 s |
      # 2 h 07 min": seconds per phase, the writers summed as "writing".
      phases=$(awk '
        / in [0-9]/ {
          split($0, f, ": "); ph = f[2]; sub(/ .*/, "", ph)
          t = substr($0, index($0, " in ") + 4); sub(/,.*/, "", t)
          k = split(t, w, " "); s = 0
          for (j = 1; j < k; j += 2)
            s += w[j] * (w[j+1] == "h" ? 3600 : w[j+1] == "min" ? 60 : 1)
          if (!(ph in sec)) order[++np] = ph
          sec[ph] += s
        }
        END { for (j = 1; j <= np; j++)
                printf "%s%s=%.2f", (j > 1 ? "," : ""), order[j], sec[order[j]] }
      ' "$out/progress.txt")
      terms=$(python3 "$root/bench/scale_model.py" terms "$res/terms.csv" "$n")
      printf '%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n' "$n" "$wall" "$user" \
        "$sys" "$((rss / 1024))" "$load" "$phases" "$terms" "$dir" >> "$tsv"
      printf '%7d essays: wall %7.1f s, user %7.1f s, peak RSS %6d MB, load %s\n' \
        "$n" "$wall" "$user" "$((rss / 1024))" "$load"
      echo "  phases (s): $phases"
    done
  done
  rm -rf "$out/out"
fi
python3 "$root/bench/scale_model.py" fit "$tsv" "${PROJECT_N:-1000000}"
