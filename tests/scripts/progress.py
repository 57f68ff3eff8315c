#!/usr/bin/env python3
"""progress.py CLI SRC: --progress on standard error.

Not a terminal (--progress forced): one line per phase, when it ends,
with its count and unit in the right number (1 essay, 16 essays); no
carriage return, no escape sequence; the phases in run order, each report
written named by its file. Under a pseudo-terminal (progress is on by
default there): the line is redrawn in place (CR, erase to the end of the
line) for every phase, and erased before the summary line, so the screen
ends with the summary alone. --no-progress on a terminal prints none."""
import os
import pty
import re
import subprocess
import sys
import tempfile

cli, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
data = os.path.join(src, "data")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def stderr_of(*args):
    r = subprocess.run([cli, *args], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, check=True)
    return r.stderr.decode()


LINE = re.compile(r"^essay-stats: (?P<what>[a-z]+(?: \S+)?): "
                  r"(?P<n>[\d,]+) (?P<unit>[a-z]+) in [\d.]+ s(?:, [\d,]+/s)?$")

with tempfile.TemporaryDirectory() as tmp:
    # Not a terminal: one line per phase.
    err = stderr_of("--progress", "--out-dir", os.path.join(tmp, "out"), data)
    check("\r" not in err and "\033" not in err, "no CR or escape in a log")
    lines = err.splitlines()
    summary = lines.pop()
    check(summary.startswith("essay-stats: 16 essays read, 16 analysed"),
          "summary last: %r" % summary)
    phases = []
    for line in lines:
        m = LINE.match(line)
        check(m is not None, "line shape: %r" % line)
        if m:
            phases.append(m.group("what"))
            n = int(m.group("n").replace(",", ""))
            unit = m.group("unit")
            check(unit.endswith("s") == (n != 1), "number: %r" % line)
    reports = ["essays", "sections", "terms", "keyterms", "lengths",
               "histogram", "similarity", "audit"]
    want = ["finding " + data, "reading", "similarity", "terms", "keyterms", "lengths", "audit"]
    want += ["writing %s.csv" % r for r in reports]
    got = [p for p in phases if p.split()[0] in ("finding", "reading",
                                                 "writing") or p in want]
    # Phases other helpers add (duplicates, phrases...) may come between.
    check([p for p in got if p in want] == [p for p in want if p in got],
          "phase order: %s" % phases)
    for p in want:
        check(p in phases, "phase %r missing from %s" % (p, phases))
    check(len(phases) == len(set(phases)), "one line per phase: %s" % phases)
    check("essay-stats: reading: 16 essays in" in err, "reading count")
    check("essay-stats: similarity: 120 pairs in" in err, "similarity count")

    # One essay: singular everywhere.
    one = os.path.join(data, "001_closed_rooms.md")
    err = stderr_of("--progress", "-r", "essays", one)
    check("essay-stats: reading: 1 essay in" in err, "singular: %r" % err)
    check("essay-stats: writing essays: 1 row in" in err, "singular row")
    check(err.splitlines()[-1].startswith("essay-stats: 1 essay read, "),
          "singular summary: %r" % err.splitlines()[-1])
    err = stderr_of("-r", "terms", one)
    check(err == "essay-stats: 1 essay read, 1 analysed; findings: 0 errors, "
          "0 warnings, 0 info\n", "singular summary: %r" % err)
    # Without --progress and not on a terminal: no progress.
    check(len(stderr_of("-r", "sections", data).splitlines()) == 1,
          "no progress by default in a log")


def on_terminal(*args):
    """Run the CLI with stdin, stdout and stderr on a pseudo-terminal;
    stdout goes to a file (-o) so that what we read is stderr."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(cli, [cli, *args])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    check(os.waitstatus_to_exitcode(status) == 0, "exit on a terminal")
    return out.decode()


def screen(raw):
    """What the terminal shows at the end: the program draws each line
    after "CR ESC[K" (back to the line start, erase it), so a row shows
    what follows its last CR; an empty row was erased."""
    rows = [row.split("\r")[-1].replace("\033[K", "")
            for row in raw.replace("\r\n", "\n").split("\n")]
    return [r for r in rows if r]


with tempfile.TemporaryDirectory() as tmp:
    raw = on_terminal("--out-dir", os.path.join(tmp, "out"), data)
    check(raw.count("\r\033[K") >= 10, "redrawn in place: %r" % raw[:200])
    for p in ("reading", "similarity", "writing essays.csv",
              "writing audit.csv"):
        check("\r\033[Kessay-stats: %s: " % p in raw, "%s drawn" % p)
    check("essay-stats: reading: 0 of 16 essays (0%)" in raw,
          "a phase with a total shows it: %r" % raw[:300])
    shown = screen(raw)
    check(len(shown) == 1 and shown[0].startswith("essay-stats: 16 essays "
                                                  "read"),
          "only the summary stays on the screen: %s" % shown)
    raw = on_terminal("--no-progress", "--out-dir",
                      os.path.join(tmp, "out2"), data)
    check("\r" not in raw.replace("\r\n", "\n"), "--no-progress: %r" % raw)

for f in failures:
    print("FAIL:", f)
if not failures:
    print("progress: log lines and terminal redraw as expected")
sys.exit(1 if failures else 0)
