#!/usr/bin/env python3
"""The audit as a job, through the command line (SPEC section 8).

usage: audit_cli.py ESSAY_STATS

On a corpus with hostile file names, headings and keys (commas, colons,
quotes, '%', '<', '&', newlines, tabs):
- every --format is read back by a real parser (check_formats.py) and must
  hold exactly the rows of the CSV audit;
- --out-dir adds audit.txt/.sarif/.xml/.github.txt, equal to -r audit;
- a baseline: the unchanged corpus has 0 new findings; editing one essay
  changes only that essay's rows; --fail-on counts only new findings;
- rules-file and baseline mistakes are usage errors (exit 2) that name the
  line and write nothing; --format with another report is one too;
- no essays found: a message, and exit 1 with --fail-on (nothing written);
- the summary line gives per-code counts and whether --fail-on was reached.
"""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_formats  # noqa: E402

CLI = None


def fail(msg):
    print("audit_cli: " + msg, file=sys.stderr)
    sys.exit(1)


def run(*args, want=0):
    p = subprocess.run([CLI, "--no-progress"] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=dict(os.environ, LC_ALL="C"))
    if p.returncode != want:
        fail("%r exited %d, want %d\n%s" % (args, p.returncode, want,
                                            p.stderr.decode()))
    return p.stdout, p.stderr.decode("utf-8", "replace")


def csv_rows(data):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def expected(audit_csv, essays_csv):
    """Rows and essays in the shape check_formats wants."""
    essays = [r["doc_id"] for r in csv_rows(essays_csv)]
    index = {d: i for i, d in enumerate(essays)}
    rows = []
    for r in csv_rows(audit_csv):
        rows.append(dict(doc=index.get(r["doc_id"], -1), doc_id=r["doc_id"],
                         severity=r["severity"], code=r["code"], key=r["key"],
                         line=int(r["line"]) if r["line"] else 0,
                         message=r["message"], state=r.get("state", "")))
    return rows, essays


CHECK = {"text": check_formats.check_text, "sarif": check_formats.check_sarif,
         "junit": check_formats.check_junit,
         "github": check_formats.check_github}
FILE = {"text": "audit.txt", "sarif": "audit.sarif", "junit": "audit.xml",
        "github": "audit.github.txt"}

ESSAY = ("# Title\n\n**Introduction: I**\n\nSome **key** words %s.\n\n"
         "**Body: B**\n\nMore words %s.\n\n**Conclusion: C**\n\n"
         "Final words %s.\n")


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    global CLI
    CLI = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="es_audit_cli_")
    try:
        scenario(tmp)
    finally:
        shutil.rmtree(tmp)


def scenario(tmp):
    corpus = os.path.join(tmp, "corpus")
    os.mkdir(corpus)
    words = ["apples pears", "stone river", "glass light", "salt harvest",
             "night lamps", "tape voices"]
    names = ["a,b:c.md", 'q"uote <x> & 100%.md', "new\nline.md",
             "tab\there.md", "ok.md", "zz:%0A.md"]
    bodies = [
        # a key with a colon, comma, quote, % and <&; repeated
        '---\nid: 1\n"k:,\\"%<&": 1\n"k:,\\"%<&": 2\n---\n',
        "---\nid: two\n---\n",  # field_type
        "",  # no front matter
        "---\nid: 4\n---\n",
        "---\nid: 5\n---\n",
        "---\nid: 6\ncat: nope\n---\n",  # field_value
    ]
    for i, (n, fm) in enumerate(zip(names, bodies)):
        w = words[i]
        body = ESSAY % (w, w, w)
        if n.startswith("tab"):
            body += '\n## A <b> & "c", d: e 100%\n'  # an empty section
        write(os.path.join(corpus, n), fm + body)
    rules = os.path.join(tmp, "rules.yaml")
    write(rules, "fields:\n  id: {required: true, type: integer}\n"
                 "  cat: {values: [GAZE]}\n"
                 "parts: [Introduction, Body, Conclusion]\n")
    common = ["--rules", rules, corpus]

    audit, err = run("-r", "audit", *common)
    essays, _ = run("-q", "-r", "essays", *common)
    rows, ess = expected(audit, essays)
    codes = {r["code"] for r in rows}
    for c in ("duplicate_key", "field_type", "field_value",
              "front_matter_missing", "empty_section"):
        if c not in codes:
            fail("the corpus should give a %s finding" % c)
    if "essays read" not in err or "field_type 1" not in err:
        fail("summary line without per-code counts: %r" % err)
    for fmt, check in CHECK.items():
        out, _ = run("-q", "-r", "audit", "--format", fmt, *common)
        check(out, rows, ess, [], False)
        # The same under --out-dir, next to audit.csv.
        od = os.path.join(tmp, "out-" + fmt)
        run("-q", "--out-dir", od, "--reports", "audit", "--format", fmt,
            *common)
        if open(os.path.join(od, FILE[fmt]), "rb").read() != out:
            fail("--out-dir %s differs from -r audit --format %s" %
                 (FILE[fmt], fmt))
        if open(os.path.join(od, "audit.csv"), "rb").read() != audit:
            fail("--out-dir audit.csv differs from -r audit")
    check_formats.check_csv(audit, rows, ess, [], False)

    # Baseline: the unchanged corpus against its own audit.
    base = os.path.join(tmp, "audit.csv")
    open(base, "wb").write(audit)
    again, err = run("-r", "audit", "--baseline", base, "--fail-on",
                     "warning", *common)
    states = [r["state"] for r in csv_rows(again)]
    if states != ["unchanged"] * len(rows):
        fail("unchanged corpus: states %r" % states)
    if "new 0, unchanged %d, fixed 0" % len(rows) not in err or \
            "--fail-on warning: not reached" not in err:
        fail("summary with a baseline: %r" % err)

    # Edit one essay: a new empty section, and its field fixed.
    edited = os.path.join(corpus, 'q"uote <x> & 100%.md')
    write(edited, "---\nid: 2\n---\n" + ESSAY % ((words[1],) * 3) +
          "\n## Empty, really: 100%\n")
    after, err = run("-r", "audit", "--baseline", base, "--fail-on",
                     "warning", *common, want=1)
    new_rows = csv_rows(after)
    changed = [r for r in new_rows if r["state"] != "unchanged"]
    if {r["doc_id"] for r in changed} != {os.path.join(corpus, 'q"uote <x> & 100%.md')}:
        fail("the edit changed rows of other essays: %r" % changed)
    if sorted((r["code"], r["state"]) for r in changed) != [
            ("empty_section", "new"), ("field_type", "fixed")]:
        fail("the edit: %r" % changed)
    if "--fail-on warning: reached (1 new finding)" not in err:
        fail("summary after the edit: %r" % err)
    # The fixed row sits with its essay, in doc_id order.
    ids = [r["doc_id"] for r in new_rows]
    if ids != sorted(ids, key=lambda s: s.encode()):
        fail("rows out of doc_id order with a fixed row")
    # Every format with the baseline.
    essays, _ = run("-q", "-r", "essays", *common)
    rows2, ess2 = expected(after, essays)
    for fmt, check in CHECK.items():
        out, _ = run("-q", "-r", "audit", "--format", fmt, "--baseline", base,
                     *common)
        check(out, rows2, ess2, [], True)
    check_formats.check_csv(after, rows2, ess2, [], True)
    # Its own output (with state and fixed rows) is a valid baseline.
    base2 = os.path.join(tmp, "audit2.csv")
    open(base2, "wb").write(after)
    out, _ = run("-q", "-r", "audit", "--baseline", base2, "--fail-on",
                 "warning", *common)
    if {r["state"] for r in csv_rows(out)} != {"unchanged"}:
        fail("a run against its own stateful audit must be all unchanged")
    # --fail-on error: a new warning is not enough.
    run("-q", "-r", "audit", "--baseline", base, "--fail-on", "error",
        *common)

    # Usage errors: exit 2, the line named, nothing written.
    bad = os.path.join(tmp, "bad.yaml")
    write(bad, "fields:\n  id: {required: true}\nparts: [A]\nfeilds: {}\n")
    od = os.path.join(tmp, "never")
    _, err = run("--out-dir", od, "--rules", bad, corpus, want=2)
    if "bad.yaml:4:" not in err or "feilds" not in err:
        fail("rules error without its line: %r" % err)
    if os.path.exists(od):
        fail("a rules error wrote %s" % od)
    write(bad, "fields:\n  id: {type: float}\n")
    _, err = run("-r", "audit", "--rules", bad, corpus, want=2)
    if "bad.yaml:2:" not in err:
        fail("unknown type without its line: %r" % err)
    wrong = os.path.join(tmp, "essays.csv")
    open(wrong, "wb").write(essays)
    _, err = run("--out-dir", od, "--baseline", wrong, corpus, want=2)
    if "not an audit report" not in err or os.path.exists(od):
        fail("a wrong baseline: %r" % err)
    run("-r", "audit", "--baseline", os.path.join(tmp, "missing.csv"),
        corpus, want=2)
    run("-r", "essays", "--format", "sarif", corpus, want=2)
    run("-r", "audit", "--format", "xml", corpus, want=2)

    # No essays found.
    empty = os.path.join(tmp, "empty")
    os.mkdir(empty)
    write(os.path.join(empty, "notes.yaml"), "not: an essay\n")
    for level in ("warning", "error"):
        _, err = run("--out-dir", od, "--fail-on", level, empty, want=1)
        if "no essays found" not in err or os.path.exists(od):
            fail("no essays with --fail-on %s: %r" % (level, err))
    _, err = run("--out-dir", od, "--fail-on", "warning", "--group-by",
                 "nothing", empty, want=1)
    _, err = run("-r", "audit", empty)
    if "no essays found" not in err:
        fail("no essays without --fail-on: %r" % err)


if __name__ == "__main__":
    main()
