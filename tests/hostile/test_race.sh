#!/bin/sh
# test_race.sh CLI HOOK SRCDIR - every discovered file keeps its row when
# files change between discovery and reading, and one file reached twice
# still counts once.
set -eu
cli=$1 hook=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ids() { cut -d, -f1 | tail -n +2 | tr '\n' ' '; }

c=$work/c
mkdir "$c"
echo "The first essay." > "$c/a.md"
echo "The second essay." > "$c/b.md"
echo "The real essay." > "$c/real.md"
ln -s real.md "$c/alias.md"
ln "$c/b.md" "$c/hard.md"
cd "$work"

# Both links to one file: one row each for a, alias (real.md's smallest
# name) and b (hard.md is b.md).
got=$("$cli" -q --no-progress -j1 c | ids)
[ "$got" = "c/a.md c/alias.md c/b.md " ] || fail "links: rows $got"

# The link is removed after discovery, before it is read: its row stays
# (unreadable) and real.md keeps its own row.
got=$(ESHOOK_OPEN_MATCH=alias.md ESHOOK_OPEN_CMD="rm c/alias.md" \
  LD_PRELOAD=$hook "$cli" -q --no-progress -j1 c | ids)
[ "$got" = "c/a.md c/alias.md c/b.md c/real.md " ] ||
  fail "removed link: rows $got"
ln -s real.md c/alias.md

# a.md was replaced by rename and b.md was given its freed inode: equal
# (device, inode) at two different times is not one file. (hard.md, which
# then reads as another file than b.md, keeps its row: in doubt, a file
# gets two rows rather than none.)
got=$(ESHOOK_INO_FROM=a.md ESHOOK_INO_TO=hard.md LD_PRELOAD=$hook \
  "$cli" -q --no-progress -j1 c | ids)
[ "$got" = "c/a.md c/alias.md c/b.md c/hard.md " ] ||
  fail "inode reuse: rows $got"
rm c/hard.md
got=$(ESHOOK_INO_FROM=a.md ESHOOK_INO_TO=b.md LD_PRELOAD=$hook \
  "$cli" -q --no-progress -j1 c | ids)
[ "$got" = "c/a.md c/alias.md c/b.md " ] || fail "inode reuse: rows $got"

# A file replaced by rename between discovery and reading is read as it
# is then.
got=$(ESHOOK_OPEN_MATCH=b.md \
  ESHOOK_OPEN_CMD="echo 'Three new words.' > c/.t && mv c/.t c/b.md" \
  LD_PRELOAD=$hook "$cli" -q --no-progress -j1 c | grep '^c/b.md' | cut -d, -f5)
[ "$got" = "3" ] || fail "replaced file: words $got"
echo "ok: rows survive changes during the run"
