#!/bin/sh
# docs_cli.sh CLI SRC: the man page, --help and the option table of main.c
# list the same long options and --help and the man page the same reports;
# the man page formats without warnings (when groff is installed).
set -eu
cli=$1 src=$2
man=$src/docs/essay-stats.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

"$cli" --help >"$tmp/help" || { echo "FAIL: --help exited non-zero" >&2; exit 1; }
grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u >"$tmp/help.opts"
sed 's/\\-/-/g' "$man" | grep -o -- '--[a-z][a-z-]*' | sort -u >"$tmp/man.opts"
sed -n 's/^ *{"\([a-z-]*\)", *[a-z_]*_argument.*/--\1/p' "$src/engine/cli/main.c" |
  sort -u >"$tmp/src.opts"
compare() { # compare NAME1 FILE1 NAME2 FILE2
  if ! cmp -s "$2" "$4"; then
    echo "FAIL: $1 and $3 differ (< only in $1, > only in $3):" >&2
    diff "$2" "$4" >&2 || true
    status=1
  fi
}
compare "main.c options" "$tmp/src.opts" "--help" "$tmp/help.opts"
compare "--help" "$tmp/help.opts" "the man page" "$tmp/man.opts"

# Reports: the "Reports:" paragraph of --help, the REPORTS section of the
# man page.
sed -n '/^Reports:/,/^$/p' "$tmp/help" | sed 's/^Reports://; s/(default)//' |
  tr ', ' '\n\n' | grep . | sort >"$tmp/help.reports"
sed -n '/^\.SH REPORTS/,/^\.SH /p' "$man" | sed -n '/^\.TP/{n;s/^\.B //p;}' |
  sort >"$tmp/man.reports"
[ "$(wc -l <"$tmp/help.reports")" -eq 12 ] || { echo "FAIL: --help lists $(wc -l <"$tmp/help.reports") reports" >&2; status=1; }
compare "--help reports" "$tmp/help.reports" "man page reports" "$tmp/man.reports"

# Exit codes 0-3 are in both.
for code in 0 1 2 3; do
  grep -q "$code" "$tmp/help" || { echo "FAIL: exit $code not in --help" >&2; status=1; }
  grep -q "^\.B $code\$" "$man" || { echo "FAIL: exit $code not in the man page" >&2; status=1; }
done

# The version in the man page's title line is the program's.
version=$("$cli" --version | sed 's/^essay-stats //')
grep -q "^\.TH ESSAY-STATS 1 \"\" \"essay-stats $version\"" "$man" ||
  { echo "FAIL: the man page is not for essay-stats $version" >&2; status=1; }

if command -v groff >/dev/null 2>&1; then
  if ! groff -man -Tutf8 -ww -z "$man" 2>"$tmp/groff" || [ -s "$tmp/groff" ]; then
    echo "FAIL: groff warns about the man page:" >&2
    cat "$tmp/groff" >&2
    status=1
  fi
else
  echo "groff not installed: man page formatting not checked"
fi
[ $status -eq 0 ] && echo "docs_cli: $(wc -l <"$tmp/help.opts") options and $(wc -l <"$tmp/man.reports") reports agree"
exit $status
