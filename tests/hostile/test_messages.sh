#!/bin/sh
# test_messages.sh CLI HOOK SRCDIR - usage errors and their messages.
set -eu
cli=$1 src=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect CODE PATTERN ARGS...: exit CODE and PATTERN on stderr.
expect() {
  code=$1 pat=$2
  shift 2
  set +e
  "$cli" -q --no-progress "$@" >/dev/null 2>"$work/err"
  rc=$?
  set -e
  [ $rc -eq "$code" ] || fail "$*: exit $rc, not $code ($(cat "$work/err"))"
  grep -q -- "$pat" "$work/err" || fail "$*: message $(cat "$work/err")"
}
for x in -0.01 1.01 2 nan; do
  expect 2 "from 0 to 1" --dup-threshold $x "$src/data"
  expect 2 "from 0 to 1" --min-similarity $x "$src/data"
done
for x in 0 1 0.5; do
  "$cli" -q --no-progress --dup-threshold $x --min-similarity $x "$src/data" \
    >/dev/null || fail "$x refused"
done
expect 2 "wants a folder name" -o "" "$src/data"
echo "ok: messages"
