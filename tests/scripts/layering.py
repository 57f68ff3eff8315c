#!/usr/bin/env python3
"""layering.py [ROOT] - check that includes follow the layers.

The library's layers, lowest first (a file may include its own layer and
lower ones, and the public header include/essay_stats.h):

    util < doc < parse < corpus < analytics < mpi < reports < cli

(mpi, engine/mpi, is built only with ES_MPI: the distributed run, above
the analytics it drives and below the program that calls it.)

Third-party headers belong to one layer each: cmark, libyaml, utf8proc and
ICU (<unicode/...>) to parse, GSL (<gsl/...>) to analytics, MPI (<mpi.h>)
to mpi. The CLI is the
program, not the library: it may include <gsl/gsl_errno.h> to turn GSL's
aborting error handler off. Prints every violation; exits 1 if any."""
import os
import re
import sys

LAYERS = [  # (folder, name), lowest first
    ("engine/util", "util"),
    ("engine/doc", "doc"),
    ("engine/parse", "parse"),
    ("engine/corpus", "corpus"),
    ("engine/analytics", "analytics"),
    ("engine/mpi", "mpi"),
    ("reports", "reports"),
    ("engine/cli", "cli"),
]
RANK = {name: i for i, (_, name) in enumerate(LAYERS)}

# Third-party headers: pattern -> the one layer that may include it.
OWNED = [
    (re.compile(r"^cmark(-gfm)?[_a-z]*\.h$"), "parse"),
    (re.compile(r"^yaml\.h$"), "parse"),
    (re.compile(r"^utf8proc\.h$"), "parse"),
    (re.compile(r"^unicode/"), "parse"),
    (re.compile(r"^gsl/"), "analytics"),
    (re.compile(r"^mpi\.h$"), "mpi"),
]
EXCEPTIONS = {("cli", "gsl/gsl_errno.h")}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def layer_of(rel):
    """The layer of a path relative to the root, or None."""
    rel = rel.replace(os.sep, "/")
    for folder, name in LAYERS:
        if rel == folder or rel.startswith(folder + "/"):
            return name
    return None


def check(root):
    problems = []
    for folder, _ in LAYERS:
        base = os.path.join(root, folder)
        for dirpath, _, files in os.walk(base):
            for f in sorted(files):
                if not f.endswith((".c", ".h")):
                    continue
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, root)
                own = layer_of(rel)
                with open(path, encoding="utf-8", errors="replace") as fh:
                    for lineno, line in enumerate(fh, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        kind, target = m.groups()
                        where = "%s:%d" % (rel.replace(os.sep, "/"), lineno)
                        if kind == "<":
                            for pat, owner in OWNED:
                                if pat.search(target) and owner != own and \
                                        (own, target) not in EXCEPTIONS:
                                    problems.append(
                                        "%s: <%s> belongs to the %s layer, "
                                        "not %s" % (where, target, owner, own))
                            continue
                        resolved = os.path.normpath(
                            os.path.join(os.path.dirname(rel), target))
                        if not os.path.exists(os.path.join(root, resolved)):
                            # "csv.h" from a tests include path, or the
                            # public header: found through -I, same layer
                            # or the API.
                            continue
                        tl = layer_of(resolved)
                        if tl is None:
                            if not resolved.replace(os.sep, "/").startswith(
                                    "include/"):
                                problems.append("%s: includes %s, outside "
                                                "the library" % (where,
                                                                 target))
                            continue
                        if RANK[tl] > RANK[own]:
                            problems.append(
                                "%s: the %s layer includes %s of the higher "
                                "%s layer" % (where, own, target, tl))
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..")
    problems = check(root)
    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    if problems:
        return 1
    print("layering: includes follow util < doc < parse < corpus < "
          "analytics < mpi < reports < cli")
    return 0


if __name__ == "__main__":
    sys.exit(main())
