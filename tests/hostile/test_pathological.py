#!/usr/bin/env python3
"""test_pathological.py CLI SRCDIR - no hostile shape takes superlinear time.

Every shape of gen.py (cmark 0.30.2's known slow inputs, utf8proc's
combining marks, deep nesting) and a front matter of many keys is
generated at about 250 KB and run through the CLI (all reports that touch
the text: essays with its audit). The CPU time of each run must stay under
a bound that linear work meets with a wide margin (before the bounds of
engine/parse/guard.c, several of these took from 15 s to over 150 s), and
the run's findings must say when a bound changed what was read."""
import os
import resource
import subprocess
import sys
import tempfile

cli, src = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(src, "tests", "hostile"))
import gen  # noqa: E402

LIMIT = float(os.environ.get("ES_PATHOLOGICAL_LIMIT", "5"))  # CPU seconds
TARGET = 250_000  # bytes per input
# Shapes a bound must change, so the audit must say so.
BOUNDED = {"image_brackets", "nested_lists_blank", "nested_ordered_blank",
           "list_tabs", "combining_marks", "nested_quotes_blank"}


def sized(shape):
    n = 64
    while len(gen.SHAPES[shape](n).encode()) < TARGET and n < 1 << 22:
        n *= 2
    return gen.SHAPES[shape](n)


def cpu_run(args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(args, capture_output=True, timeout=300)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return out, cpu


failed = []
with tempfile.TemporaryDirectory() as work:
    cases = {s: sized(s) for s in gen.SHAPES}
    cases["front_matter_keys"] = "---\n" + "".join(
        "key_%06d: v\n" % i for i in range(TARGET // 12)) + "---\nSome text.\n"
    for name, text in cases.items():
        path = os.path.join(work, name + ".md")
        with open(path, "wb") as f:
            f.write(text.encode())
        out, cpu = cpu_run([cli, "-q", "--no-progress", "-j1", "-r", "audit",
                            path])
        audit = out.stdout.decode()
        status = "ok"
        if out.returncode != 0:
            status = "exit %d: %s" % (out.returncode, out.stderr.decode())
        elif cpu > LIMIT:
            status = "%.2f s CPU > %.1f s" % (cpu, LIMIT)
        elif name in BOUNDED and "input_bounded" not in audit:
            status = "no input_bounded finding"
        print("%-24s %9d bytes %6.2f s  %s" % (name, len(text.encode()), cpu,
                                               status))
        if status != "ok":
            failed.append(name)
if failed:
    print("FAIL: " + ", ".join(failed))
    sys.exit(1)
