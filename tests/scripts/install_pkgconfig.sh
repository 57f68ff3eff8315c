#!/bin/sh
# install_pkgconfig.sh BUILD SRC CC SANITIZE: install the build into a
# temporary prefix, check what lands there (binary, shared library with its
# SONAME and only the es_ API exported, header, pkg-config file, man page),
# then build a small program against the installed library through
# pkg-config, shared and static, and run it. Exit 77 (skip) without
# pkg-config.
set -eu
build=$1 src=$2 cc=$3 sanitize=$4
command -v pkg-config >/dev/null 2>&1 || { echo "no pkg-config: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" ||
  { cat "$tmp/install.log" >&2; fail "cmake --install"; }
p=$tmp/prefix
pc=$(find "$p" -name essay-stats.pc)
[ -n "$pc" ] || fail "essay-stats.pc not installed"
libdir=$(dirname "$(dirname "$pc")")
for f in "$p/bin/essay-stats" "$p/include/essay_stats.h" \
         "$p/share/man/man1/essay-stats.1" "$libdir/libessay_stats.a" \
         "$libdir/libessay_stats.so" "$libdir/libessay_stats.so.2"; do
  [ -e "$f" ] || fail "$f not installed"
done
"$p/bin/essay-stats" --version | grep -q '^essay-stats ' || fail "installed essay-stats --version"

# The shared library: SONAME, and exactly the public API exported.
if command -v readelf >/dev/null 2>&1; then
  readelf -d "$libdir/libessay_stats.so.2" | grep -q 'SONAME.*\[libessay_stats\.so\.2\]' ||
    fail "SONAME is not libessay_stats.so.2"
fi
if command -v nm >/dev/null 2>&1; then
  nm -D --defined-only "$libdir/libessay_stats.so.2" |
    awk '$2 ~ /^[TDBR]$/ {print $3}' | sort >"$tmp/exported"
  grep -q '^es_doc_parse$' "$tmp/exported" || fail "es_doc_parse not exported"
  grep -q '^es_datapackage_write$' "$tmp/exported" || fail "es_datapackage_write not exported"
  # Internal helpers (es__*, es_dict_*, es_buf_*, es_csv_*...) stay hidden:
  # every exported name must be declared ES_EXTERN in the public header.
  sed -n 's/^ES_EXTERN[^(]*[ *]\(es_[a-z0-9_]*\)(.*/\1/p' "$src/include/essay_stats.h" |
    sort -u >"$tmp/declared"
  extra=$(comm -23 "$tmp/exported" "$tmp/declared" | grep -v '^_' || true)
  [ -z "$extra" ] || fail "exported but not public: $extra"
fi

# A program built against the installed library, found through pkg-config.
export PKG_CONFIG_PATH="$(dirname "$pc")"
pkg-config --exists essay-stats || fail "pkg-config cannot read essay-stats.pc"
# The project version (CMake, .pc) and ES_VERSION (the header, --version)
# must agree; the consumer prints ES_VERSION.
version=$(pkg-config --modversion essay-stats)
[ "$("$p/bin/essay-stats" --version)" = "essay-stats $version" ] ||
  fail "pkg-config version $version but $("$p/bin/essay-stats" --version)"
extra_flags=""
[ "$sanitize" = ON ] && extra_flags="-fsanitize=address,undefined"
cat >"$tmp/essay.md" <<'ESSAY'
---
movieId: 12345
---
**Analysis of Stillwater**

**Introduction: The Premise**

Quiet harbours are rarely simple.
ESSAY
# shellcheck disable=SC2046 # pkg-config output is a list of flags
$cc -std=c11 -Wall -Wextra -Werror $extra_flags $(pkg-config --cflags essay-stats) \
  "$src/tests/scripts/install_consumer.c" -o "$tmp/consumer_shared" \
  $(pkg-config --libs essay-stats) || fail "build against the shared library"
LD_LIBRARY_PATH="$libdir" "$tmp/consumer_shared" "$tmp/essay.md" >"$tmp/out_shared" ||
  fail "consumer (shared) did not run"
printf 'title: Analysis of Stillwater\nwords: 11\nversion: %s\n' "$version" >"$tmp/want"
cmp -s "$tmp/want" "$tmp/out_shared" || { diff "$tmp/want" "$tmp/out_shared" >&2; fail "consumer (shared) output"; }
if command -v ldd >/dev/null 2>&1; then
  LD_LIBRARY_PATH="$libdir" ldd "$tmp/consumer_shared" | grep -q "$libdir/libessay_stats.so.2" ||
    fail "consumer does not use the installed shared library"
fi

# Static: the archive with the Requires.private / Libs.private flags.
static_libs=$(pkg-config --static --libs essay-stats | sed "s|-lessay_stats|$libdir/libessay_stats.a|")
# shellcheck disable=SC2086
$cc -std=c11 $extra_flags $(pkg-config --cflags essay-stats) \
  "$src/tests/scripts/install_consumer.c" -o "$tmp/consumer_static" $static_libs ||
  fail "static build with pkg-config --static"
"$tmp/consumer_static" "$tmp/essay.md" >"$tmp/out_static" || fail "consumer (static) did not run"
cmp -s "$tmp/want" "$tmp/out_static" || fail "consumer (static) output"
echo "install: ok ($(wc -l <"$tmp/exported" 2>/dev/null || echo ?) exported symbols)"
