#!/bin/sh
# determinism.sh CLI SRCDIR - every report is byte-identical for --jobs 1, 2
# and 8, on data/ and on a few hundred varied essays made from it.
set -eu
cli=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A bigger corpus: each essay of data/ rewritten twelve ways (word swaps,
# dropped lines), some of them near-copies, in nested folders.
mkdir -p "$work/corpus"
i=0
for f in $(find "$src/data" -type f | LC_ALL=C sort); do
  j=1
  while [ $j -le 12 ]; do
    d="$work/corpus/g$((j % 4))/s$j"
    mkdir -p "$d"
    sed -e "s/ the / the$((j % 5)) /g" -e "s/ of / of$((j % 3)) /" \
        -e "$(( (i + j) % 40 + 10 ))d" "$f" > "$d/$(basename "$f").md"
    j=$((j + 1))
  done
  i=$((i + 1))
done

for corpus in "$src/data" "$work/corpus"; do
  for opts in "" "--group-by categoryName --stopwords english --top-k 3"; do
    for jobs in 1 2 8; do
      # shellcheck disable=SC2086
      "$cli" -q --no-progress --jobs $jobs $opts --out-dir "$work/out$jobs" "$corpus"
    done
    for f in "$work"/out1/*; do
      name=$(basename "$f")
      for jobs in 2 8; do
        if ! cmp -s "$f" "$work/out$jobs/$name"; then
          echo "FAIL: $name differs between --jobs 1 and --jobs $jobs ($corpus $opts)"
          diff "$f" "$work/out$jobs/$name" | head -10
          exit 1
        fi
      done
    done
    rm -rf "$work"/out*
  done
done
n=$(find "$work/corpus" -type f | wc -l)
echo "identical for --jobs 1, 2, 8 on data/ and on $n generated essays"
