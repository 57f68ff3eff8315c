#!/bin/sh
# test_signals.sh CLI HOOK SRCDIR - SIGINT, SIGTERM or SIGHUP arriving while
# --out-dir reports are being written: the run dies by that signal, leaves
# no temporary file or staging folder, and the previous set of reports is
# left exactly as it was (no mix of old and new files).
set -eu
cli=$1 hook=$2 src=$3
case $(uname -s) in Linux) ;; *) exit 77 ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$cli" -q --no-progress -o "$work/out" "$src/data"
(cd "$work/out" && ls -A | LC_ALL=C sort > "$work/before.list" &&
  cat $(cat "$work/before.list") | cksum > "$work/before.sum")
# A different run (other options) so that a partial update would show.
# A signal ignored by whoever started the tests stays ignored (as under
# nohup): the program must not die by it, so it is not tried.
ignored=$(awk '/^SigIgn:/ { print $2 }' /proc/$$/status)
is_ignored() {
  [ $(( 0x$ignored >> ($1 - 1) & 1 )) -eq 1 ]
}
for sig in 1 2 15; do
  if is_ignored $sig; then
    echo "signal $sig is ignored here: not tried"
    continue
  fi
  for at in 1 3 9; do
    set +e
    ESHOOK_SIGNAL=$sig ESHOOK_SIGNAL_AT=$at LD_PRELOAD=$hook \
      "$cli" -q --no-progress --stopwords english -o "$work/out" "$src/data" \
      2>"$work/err"
    rc=$?
    set -e
    [ $rc -eq $((128 + sig)) ] ||
      fail "signal $sig at file $at: exit $rc, not death by the signal"
    (cd "$work/out" && ls -A | LC_ALL=C sort > "$work/after.list")
    cmp -s "$work/before.list" "$work/after.list" ||
      fail "signal $sig at file $at: files left: $(cat "$work/after.list")"
    (cd "$work/out" && cat $(cat "$work/after.list") | cksum > "$work/after.sum")
    cmp -s "$work/before.sum" "$work/after.sum" ||
      fail "signal $sig at file $at: the previous reports changed"
  done
done
echo "ok: signals leave nothing behind"
