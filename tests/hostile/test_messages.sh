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

# --stopwords: built-in names in any case; anything else must be a regular
# file of at most 16 MiB (never /dev/zero or a FIFO, which would read or
# wait forever); the message names the built-in lists.
"$cli" -q --no-progress --stopwords English "$src/data" >/dev/null ||
  fail "--stopwords English refused"
"$cli" -q --no-progress --stopwords ENGLISH "$src/data" >/dev/null ||
  fail "--stopwords ENGLISH refused"
expect 2 "built-in list (english)" --stopwords Englsh "$src/data"
expect 2 "not a regular file" --stopwords /dev/zero "$src/data"
mkfifo "$work/fifo"
set +e
timeout 20 "$cli" -q --no-progress --stopwords "$work/fifo" "$src/data" \
  >/dev/null 2>"$work/err"
rc=$?
set -e
[ $rc -eq 2 ] || fail "--stopwords FIFO: exit $rc"
grep -q "not a regular file" "$work/err" || fail "FIFO: $(cat "$work/err")"
head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > "$work/big.txt"
expect 2 "larger than 16 MiB" --stopwords "$work/big.txt" "$src/data"

# Control characters of names reach stderr escaped, never raw.
esc=$(printf '\033')
set +e
"$cli" -q --no-progress "$work/no${esc}[2Jsuch" 2>"$work/err"
set -e
grep -q 'no\\x1B\[2Jsuch' "$work/err" || fail "escape: $(od -c "$work/err")"
if grep -q "$esc" "$work/err"; then fail "a raw ESC reached stderr"; fi
echo "ok: stop-word and escape messages"

# --escape-formulas: text that a spreadsheet would run gets a leading '.
mkdir -p "$work/f"
printf -- '---\ntitle: "=HYPERLINK(1)"\nnote: "@x, y"\n---\nSome words.\n' > "$work/f/a.md"
"$cli" -q --no-progress "$work/f" | grep -q ',=HYPERLINK(1),' ||
  fail "raw by default"
out=$("$cli" -q --no-progress --escape-formulas "$work/f")
echo "$out" | grep -q ",'=HYPERLINK(1)," || fail "--escape-formulas: $out"
echo "$out" | grep -q ",\"'@x, y\"," || fail "--escape-formulas quoted: $out"
echo "ok: formulas"
