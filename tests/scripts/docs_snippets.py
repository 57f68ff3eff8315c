#!/usr/bin/env python3
"""docs_snippets.py CLI SRC: run the README's pandas snippets as a reader
would, on `--out-dir out/` of the sample corpus: the loader, then the
usage block, whose merge must not produce suffixed columns (words_x,
words_y). Exit 77 (skip) without pandas."""
import os
import pathlib
import re
import subprocess
import sys
import tempfile

try:
    import pandas  # noqa: F401
except ImportError:
    print("no python3-pandas: skipped")
    sys.exit(77)

cli, src = os.path.abspath(sys.argv[1]), pathlib.Path(sys.argv[2]).resolve()
readme = (src / "README.md").read_text("utf-8")


def snippet(name):
    m = re.search(r"<!-- snippet: %s\b.*?-->\s*```python\n(.*?)```" % name,
                  readme, re.S)
    if not m:
        sys.exit("FAIL: no '%s' snippet in README.md" % name)
    return m.group(1)


with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([cli, "-q", "--out-dir", "out/", str(src / "data")],
                   cwd=tmp, check=True)
    os.chdir(tmp)
    scope = {}
    exec(snippet("pandas"), scope)
    exec(snippet("pandas-use"), scope)
    merged = scope["sections"]
    bad = [c for c in merged.columns if re.search(r"_[xy]$", c)]
    if bad:
        sys.exit("FAIL: the README's merge gives suffixed columns %s" % bad)
    for col in ("doc_id", "words", "title", "content_words"):
        if col not in merged.columns:
            sys.exit("FAIL: the README's merge lacks column %s" % col)
    if len(merged) != len(scope["reports"]["sections"]):
        sys.exit("FAIL: the merge lost or added rows")
    print("docs_snippets: the README's pandas blocks run; %d merged rows, "
          "columns %s" % (len(merged), ", ".join(merged.columns)))
