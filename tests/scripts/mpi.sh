#!/bin/sh
# mpi.sh CLI MPIRUN SRCDIR - the MPI build writes under `mpirun -np P`
# (P = 1 to 4) the same bytes as one process of the same program, in
# every report, on data/ and on 2,000 generated essays (bench/genplanted.py)
# with bad files among them (unreadable, too large, a FIFO, links, a hard
# link, bad UTF-8); a usage error stops every rank with status 2, and so
# does a rank that cannot read an argument, sees other files or is asked
# for other reports.
set -eu
cli=$1 mpirun=$2 src=$3
command -v python3 >/dev/null || { echo "python3 not found"; exit 77; }
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
run_mpi() { # NP ARGS...
  np=$1
  shift
  "$mpirun" --oversubscribe -np "$np" "$cli" "$@"
}

gen=$work/gen
python3 "$src/bench/genplanted.py" "$gen" 2000 --seed 18 >/dev/null
mkdir -p "$gen/extra"
cp -R "$src/data/." "$gen/extra/"
ln "$gen/p00010.md" "$gen/hard_link.md"  # one file, two paths: one row
ln -s p00011.md "$gen/symlink.md"
ln -s nowhere.md "$gen/dangling.md"
mkfifo "$gen/fifo.md"
printf 'bad \377 bytes\n\nmore words here\n' >"$gen/not_utf8.md"
head -c 300000 /dev/zero | tr '\0' 'a' >"$gen/too_large.md"

all=essays,sections,terms,keyterms,lengths,histogram,similarity,duplicates
all=$all,docterms,keyness,phrases,audit
checks=0
compare() { # NAME DIR1 DIR2
  for f in "$2"/*; do
    name=$(basename "$f")
    if ! cmp -s "$f" "$3/$name"; then
      echo "FAIL: $name differs ($1)"
      diff "$f" "$3/$name" | head -10
      exit 1
    fi
    checks=$((checks + 1))
  done
  [ "$(ls "$2" | wc -l)" -eq "$(ls "$3" | wc -l)" ] ||
    { echo "FAIL: not the same files ($1)"; exit 1; }
}

for corpus in "$src/data" "$gen"; do
  for opts in "--max-file-size 200K" \
    "--group-by categoryName --stopwords english --top-k 3 --ngrams 2-3 --reports $all --max-file-size 200K"; do
    # shellcheck disable=SC2086
    "$cli" --no-progress $opts --out-dir "$work/one" "$corpus" 2>"$work/one.err"
    for np in 1 2 3 4; do
      # Small messages on some runs, so that documents span several.
      chunk=16777216
      [ $((np % 2)) -eq 0 ] && chunk=4096
      # shellcheck disable=SC2086
      ES_MPI_CHUNK=$chunk run_mpi $np --no-progress $opts --out-dir "$work/p$np" \
        "$corpus" 2>"$work/p.err"
      compare "-np $np $opts $corpus" "$work/one" "$work/p$np"
      # The summary line, once.
      cmp -s "$work/one.err" "$work/p.err" ||
        { echo "FAIL: stderr differs (-np $np)"; diff "$work/one.err" "$work/p.err"; exit 1; }
      rm -rf "$work/p$np"
    done
    rm -rf "$work/one"
  done
done

# One report on stdout, with --fail-on: same bytes, same status on every rank.
set +e
"$cli" -q -r audit --fail-on warning "$gen" >"$work/one.csv"
s1=$?
run_mpi 3 -q -r audit --fail-on warning "$gen" >"$work/three.csv" 2>/dev/null
s3=$?
run_mpi 2 --no-such-option "$gen" >/dev/null 2>"$work/usage.err"
su=$?
# One rank cannot read an argument (its own --stopwords file), sees
# other files or is asked for other reports: the job stops with status 2
# and a message naming that rank.
"$mpirun" --oversubscribe -np 1 "$cli" -q "$src/data" : \
  -np 1 "$cli" -q --stopwords "$work/missing" "$src/data" >/dev/null 2>"$work/r1.err"
sr=$?
"$mpirun" --oversubscribe -np 1 "$cli" -q "$src/data" : \
  -np 1 "$cli" -q "$src/data/archive" >/dev/null 2>"$work/r2.err"
sd=$?
"$mpirun" --oversubscribe -np 1 "$cli" -q "$src/data" : \
  -np 1 "$cli" -q -r terms "$src/data" >/dev/null 2>"$work/r3.err"
sn=$?
# A misspelt --group-by stops before writing: the output folder the user
# made stays (only rank 0 may remove one, and only its own).
mkdir "$work/kept_out"
run_mpi 2 -q --group-by no_such_field --out-dir "$work/kept_out" "$src/data" \
  >/dev/null 2>&1
sg=$?
mkdir "$work/empty"
run_mpi 3 -q --out-dir "$work/empty_out" "$work/empty" 2>"$work/empty.err"
se=$?
set -e
[ "$sr" -eq 2 ] && grep -q "MPI rank 1: --stopwords" "$work/r1.err" ||
  { echo "FAIL: a rank's unreadable file: status $sr"; cat "$work/r1.err"; exit 1; }
[ "$sd" -eq 2 ] && grep -q "MPI rank 1 found 3 essays" "$work/r2.err" ||
  { echo "FAIL: other files on a rank: status $sd"; cat "$work/r2.err"; exit 1; }
[ "$sn" -eq 2 ] && grep -q "MPI rank 1 was asked for other reports" "$work/r3.err" ||
  { echo "FAIL: other reports on a rank: status $sn"; cat "$work/r3.err"; exit 1; }
[ "$sg" -eq 2 ] && [ -d "$work/kept_out" ] ||
  { echo "FAIL: --group-by error: status $sg, or the user's folder removed"; exit 1; }
[ "$se" -eq 0 ] && [ "$(grep -c "no essays found" "$work/empty.err")" -eq 1 ] ||
  { echo "FAIL: an empty corpus: status $se"; cat "$work/empty.err"; exit 1; }
cmp -s "$work/one.csv" "$work/three.csv" || { echo "FAIL: -r audit differs"; exit 1; }
[ "$s1" -eq 1 ] && [ "$s3" -eq 1 ] || { echo "FAIL: --fail-on status $s1 / $s3"; exit 1; }
[ "$su" -eq 2 ] || { echo "FAIL: usage error status $su"; exit 1; }
[ "$(grep -c "unknown option" "$work/usage.err")" -eq 1 ] ||
  { echo "FAIL: the usage error is not told once"; cat "$work/usage.err"; exit 1; }
echo "mpi: $checks reports identical for -np 1 to 4 on data/ and 2,000 essays"
