#!/bin/sh
# bench/bench_mpi.sh [CORPUS] - the MPI build against threads, and the
# figures of the strong-scaling model (README, "Running on several
# machines"). Default CORPUS: /tmp/dup_c100k.
#
# 1. Paired runs (REPS pairs, default 2; A B A B): one process with
#    --jobs 2 (the plain Release build) against `mpirun -np 2` of the
#    ES_MPI build with --jobs MPI_JOBS per rank (default 1; above 1 the
#    ranks are started with --bind-to none), every default report into
#    --out-dir; wall, user and system time and peak RSS from
#    /usr/bin/time; the reports of the two must be identical.
# 2. P = 1, 2, 4 (PS, oversubscribed past the cores): one mpirun each with
#    ES_MPI_STATS=1, which prints one line per rank: its essays and file
#    bytes, seconds reading and parsing its shard, exchanging documents,
#    merging the corpus (rank 0) and computing, bytes sent and received,
#    peak RSS.
# Builds Release trees in build-bench-mpi/ (ES_MPI=ON) and
# build-bench-threads/ unless ES_MPI_CLI / ES_CLI name the programs.
# The load average is printed first: other work shows in the figures.
set -eu
corpus=${1:-/tmp/dup_c100k}
REPS=${REPS:-2}
PS=${PS:-"1 2 4"}
# Threads per rank: with more than 1, ranks are not bound to one core
# (Open MPI's default binding would put a rank's threads on one core).
MPI_JOBS=${MPI_JOBS:-1}
bind=""
[ "$MPI_JOBS" -gt 1 ] && bind="--bind-to none"
root=$(cd "$(dirname "$0")/.." && pwd)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 LC_ALL=C
if [ -z "${ES_MPI_CLI:-}" ]; then
  cmake -S "$root" -B "$root/build-bench-mpi" -DCMAKE_BUILD_TYPE=Release \
    -DES_MPI=ON -DES_BUILD_TESTS=OFF >/dev/null
  cmake --build "$root/build-bench-mpi" -j2 --target essay-stats >/dev/null
  ES_MPI_CLI=$root/build-bench-mpi/essay-stats
fi
if [ -z "${ES_CLI:-}" ]; then
  cmake -S "$root" -B "$root/build-bench-threads" -DCMAKE_BUILD_TYPE=Release \
    -DES_BUILD_TESTS=OFF >/dev/null
  cmake --build "$root/build-bench-threads" -j2 --target essay-stats >/dev/null
  ES_CLI=$root/build-bench-threads/essay-stats
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/es-bench-mpi.XXXXXX")
trap 'rm -rf "$out"' EXIT
n=$(find "$corpus" -type f | wc -l)
echo "corpus $corpus: $n files; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

timed() { # LABEL COMMAND...: one line of figures
  label=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$@" 2>"$out/err" ||
    { cat "$out/err"; exit 1; }
  read -r wall user sys rss <"$out/time"
  printf '%-12s wall %7.2f s  user %7.2f s  sys %6.2f s  peak RSS %6d MB\n' \
    "$label" "$wall" "$user" "$sys" $((rss / 1024))
}

echo "== paired: one process --jobs 2 vs mpirun -np 2 (--jobs 1 each)"
i=1
while [ "$i" -le "$REPS" ]; do
  rm -rf "$out/threads" "$out/mpi"
  timed "threads" "$ES_CLI" -q --no-progress --jobs 2 --out-dir "$out/threads" "$corpus"
  # /usr/bin/time measures mpirun, whose children's times it includes
  # (they are waited for): user and RSS are the ranks' sum and largest.
  # shellcheck disable=SC2086
  timed "mpi -np 2" mpirun --oversubscribe $bind -np 2 "$ES_MPI_CLI" -q \
    --no-progress --jobs "$MPI_JOBS" --out-dir "$out/mpi" "$corpus"
  diff -r "$out/threads" "$out/mpi" >/dev/null ||
    { echo "FAIL: the MPI run's reports differ"; exit 1; }
  i=$((i + 1))
done
echo "reports identical"

echo "== per rank (ES_MPI_STATS=1), --jobs $MPI_JOBS per rank"
for p in $PS; do
  rm -rf "$out/mpi"
  # shellcheck disable=SC2086
  timed "mpi -np $p" env ES_MPI_STATS=1 mpirun --oversubscribe $bind -np "$p" \
    "$ES_MPI_CLI" -q --no-progress --jobs "$MPI_JOBS" --out-dir "$out/mpi" "$corpus"
  grep 'mpi rank' "$out/err" | sed 's/^essay-stats: //'
done
