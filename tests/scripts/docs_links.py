#!/usr/bin/env python3
"""docs_links.py SRC: every link in README.md and docs/*.md that is not a
URL must lead to a file (or folder) inside the repository, and an anchor
(#name) to a heading of its target; no project document may refer to
files outside the repository (../shared, ../something)."""
import pathlib
import re
import sys

src = pathlib.Path(sys.argv[1]).resolve()
docs = [src / "README.md"] + sorted((src / "docs").glob("*.md"))

LINK = re.compile(r"(?<!\\)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.M)
FENCE = re.compile(r"^\s{0,3}(```|~~~).*?^\s{0,3}\1", re.M | re.S)
CODESPAN = re.compile(r"`[^`\n]*`")
OUTSIDE = re.compile(r"(?<![\w./-])\.\./[\w.-]+|\bSPEC(?:\.md)?\b")


def blank(m):
    """A match replaced by its line ends only, so line numbers stay."""
    return "\n" * m.group(0).count("\n")


def slug(heading):
    """The anchor GitHub gives a heading."""
    h = re.sub(r"`|\*|_(?=\W)|(?<=\W)_", "", heading.strip().lower())
    h = re.sub(r"[^\w\- ]", "", h)
    return h.replace(" ", "-")


def anchors(path):
    text = FENCE.sub(blank, path.read_text("utf-8"))
    seen, out = {}, set()
    for m in re.finditer(r"^#{1,6}\s+(.*?)\s*#*\s*$", text, re.M):
        s = slug(m.group(1))
        n = seen.get(s, 0)
        seen[s] = n + 1
        out.add(s if n == 0 else f"{s}-{n}")
    return out


failures = 0
checked = 0
for doc in docs:
    text = doc.read_text("utf-8")
    prose = FENCE.sub(blank, text)
    for m in OUTSIDE.finditer(prose):
        ref = m.group(0)
        if ref.startswith("..") and src in (doc.parent / ref).resolve().parents:
            continue  # docs/x.md -> ../README.md stays inside
        line = prose[: m.start()].count("\n") + 1
        print(f"FAIL: {doc.relative_to(src)}:{line}: refers to "
              f"{m.group(0)}, which is outside the repository")
        failures += 1
    prose = CODESPAN.sub("", prose)
    targets = [m.group(1) for m in LINK.finditer(prose)]
    targets += [m.group(1) for m in REFDEF.finditer(prose)]
    for t in targets:
        if re.match(r"^[a-z][a-z0-9+.-]*:", t, re.I):  # https:, mailto:
            continue
        checked += 1
        path, _, frag = t.partition("#")
        target = (doc.parent / path).resolve() if path else doc
        where = f"{doc.relative_to(src)}: link ({t})"
        if src not in target.parents and target != src:
            print(f"FAIL: {where} leads outside the repository")
            failures += 1
        elif not target.exists():
            print(f"FAIL: {where} leads to a missing file")
            failures += 1
        elif frag and target.suffix == ".md" and frag not in anchors(target):
            print(f"FAIL: {where}: no heading '#{frag}' in "
                  f"{target.relative_to(src)}")
            failures += 1
print(f"docs_links: {checked} links in {len(docs)} documents, "
      f"{failures} broken")
sys.exit(1 if failures else 0)
