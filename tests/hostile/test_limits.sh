#!/bin/sh
# test_limits.sh CLI HOOK SRCDIR - under an address-space limit (ulimit -v,
# as batch schedulers set it) the program never hangs and never aborts:
# it finishes with the same reports, or stops with exit 4 and a message
# ("out of memory"), leaving no unfinished report. OpenBLAS, which retries
# a failed allocation forever, is not loaded under a limit.
set -eu
cli=$1 src=$3
case $(uname -s) in Linux) ;; *) exit 77 ;; esac
# Sanitizer runtimes reserve terabytes of address space.
[ "${ES_SANITIZE:-0}" = 1 ] && exit 77
(ulimit -v 1000000) 2>/dev/null || exit 77
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$cli" -q --no-progress -o "$work/free" "$src/data"

# --version under 100 MB (OpenBLAS's constructor used to hang or kill it).
set +e
(ulimit -v 100000 && timeout 30 "$cli" --version >/dev/null 2>&1)
rc=$?
set -e
[ $rc -eq 0 ] || fail "--version under 100 MB: exit $rc"

# A full run under 600 MB: the same reports as without a limit.
(ulimit -v 600000 && timeout 120 "$cli" -q --no-progress -o "$work/limited" \
  "$src/data") || fail "run under 600 MB: exit $?"
for f in "$work/free"/*; do
  cmp -s "$f" "$work/limited/$(basename "$f")" ||
    fail "under 600 MB, $(basename "$f") differs"
done

# OpenBLAS is loaded without a limit and not under one.
if LD_DEBUG=libs "$cli" -q --no-progress -r similarity "$src/data" \
  2>&1 >/dev/null | grep -q 'calling init:.*libopenblas'; then
  if (ulimit -v 2000000 && LD_DEBUG=libs "$cli" -q --no-progress \
    -r similarity "$src/data" 2>&1 >/dev/null) | grep -q 'libopenblas'; then
    fail "OpenBLAS loaded under a limit"
  fi
fi

# Tight limits: each run ends by itself with 0 or 4 (or 127 when the
# dynamic loader cannot even map the libraries, before the program runs).
seen4=0
for mb in 40 45 50 55 60 70 80 100 150; do
  set +e
  (ulimit -v $((mb * 1000)) && timeout 120 "$cli" -q --no-progress \
    -o "$work/tight" "$src/data" 2>"$work/err")
  rc=$?
  set -e
  case $rc in
  0 | 127) ;;
  4)
    seen4=1
    grep -q "out of memory" "$work/err" || fail "$mb MB: exit 4 without message"
    ;;
  *) fail "$mb MB: exit $rc ($(cat "$work/err"))" ;;
  esac
  if [ -d "$work/tight" ] && ls -A "$work/tight" | grep -q '^\.essay-stats\.'; then
    fail "$mb MB: staging folder left"
  fi
done
echo "ok: limits (exit 4 seen: $seen4)"
