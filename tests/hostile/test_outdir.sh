#!/bin/sh
# test_outdir.sh CLI HOOK SRCDIR - --out-dir rules: the umask is honoured,
# "" is a usage error, an existing file is named as such, a second run on a
# folder in use stops at once, a staging folder left by a killed run is
# removed, and files and folder are synced before the run ends.
set -eu
cli=$1 src=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$cli" -q --no-progress "$@"; }

# umask
for mask in 022 027 077 002; do
  rm -rf "$work/u"
  (umask $mask && run -o "$work/u" "$src/data")
  want=$(printf '%o' $((0666 & ~0$mask)))
  for f in "$work/u"/*; do
    got=$(stat -c %a "$f")
    [ "$got" = "$want" ] || fail "umask $mask: $f has mode $got, not $want"
  done
done

# --out-dir ""
set +e
run -o "" "$src/data" 2>"$work/err"; rc=$?
set -e
[ $rc -eq 2 ] || fail "--out-dir '': exit $rc, not 2"
grep -q "wants a folder name" "$work/err" || fail "--out-dir '': $(cat "$work/err")"

# an existing file
: > "$work/file"
set +e
run -o "$work/file" "$src/data" 2>"$work/err"; rc=$?
set -e
[ $rc -eq 3 ] || fail "-o FILE: exit $rc, not 3"
grep -q "exists and is not a folder" "$work/err" || fail "-o FILE: $(cat "$work/err")"

# a folder locked by another run
mkdir -p "$work/busy"
if command -v flock >/dev/null; then
  set +e
  flock "$work/busy" "$cli" -q --no-progress -o "$work/busy" "$src/data" \
    2>"$work/err"
  rc=$?
  set -e
  [ $rc -eq 3 ] || fail "busy folder: exit $rc, not 3"
  grep -q "another essay-stats run is writing" "$work/err" ||
    fail "busy folder: $(cat "$work/err")"
  [ -z "$(ls -A "$work/busy")" ] || fail "busy folder: files written"
fi

# a staging folder left by a killed run
mkdir -p "$work/stale/.essay-stats.AbC123"
echo partial > "$work/stale/.essay-stats.AbC123/essays.csv"
run -o "$work/stale" "$src/data"
[ ! -e "$work/stale/.essay-stats.AbC123" ] || fail "stale staging folder kept"
[ -s "$work/stale/essays.csv" ] || fail "no essays.csv"

# fsync of every file and of the folder (when strace can tell)
if command -v strace >/dev/null &&
  strace -f -qq -e trace=fsync -o "$work/trace" "$cli" -q --no-progress \
    -o "$work/sync" "$src/data" 2>/dev/null; then
  files=$(ls "$work/sync" | wc -l)
  syncs=$(grep -c '^[0-9]* *fsync' "$work/trace" || true)
  [ "$syncs" -ge $((files + 1)) ] ||
    fail "fsync: $syncs calls for $files files and their folder"
fi
echo "ok: out-dir rules"
