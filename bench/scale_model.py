#!/usr/bin/env python3
"""Helpers of bench_scale.sh.

scale_model.py terms TERMS.csv N
    One TSV line from a terms report over N essays: vocabulary, mean
    distinct terms per essay, df quantiles (50/90/99 %, max), terms in one
    essay, and similarity's split under ltc: head terms (0.15 N <= df < N,
    multiplied densely), their nonzeros, the tail's nonzeros and its sum
    of df^2 (a tail term costs df^2 / 2 scattered adds).

scale_model.py fit SCALE.tsv [PROJECT_N]
    Least-squares fits of the runs in SCALE.tsv against N and the
    projection to PROJECT_N (default 1,000,000):
      similarity phase       b N + c N^2   (all pairs: n^2 / 2)
      every other phase      a + b N
      wall, user             a + b N + c N^2 (and the phases' sum)
      peak RSS               a + b N
    Every term is kept >= 0: the best fit over subsets of the terms (as
    many as the distinct N can determine) whose terms are all >= 0.
"""
import csv
import sys

HEAD_SHARE = 0.15  # similarity.c's HEAD_DF_SHARE


def terms(path, n):
    df = []
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        col = next(rows).index("docs")
        df = [int(r[col]) for r in rows]
    df.sort()
    m = len(df)
    q = lambda p: df[min(m - 1, int(p * m))] if m else 0
    head = [d for d in df if HEAD_SHARE * n <= d < n]
    tail = [d for d in df if d < HEAD_SHARE * n]
    print("\t".join(str(x) for x in (
        m, "%.1f" % (sum(df) / n), q(0.5), q(0.9), q(0.99), df[-1] if m else 0,
        sum(1 for d in df if d == 1), len(head), sum(head), sum(tail),
        "%.4g" % sum(d * d for d in tail))))


def solve(a, b):
    """Gaussian elimination with partial pivoting: a x = b."""
    k = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(k):
        p = max(range(c, k), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if m[c][c] == 0:
            raise ValueError("singular fit")
        for r in range(k):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][k] / m[i][i] for i in range(k)]


def lstsq(xs, ys, powers):
    u = [x / 1e6 for x in xs]  # in millions, for the conditioning
    a = [[sum(v ** (p + q) for v in u) for q in powers] for p in powers]
    b = [sum(y * v ** p for v, y in zip(u, ys)) for p in powers]
    c = solve(a, b)
    return {p: c[i] / 1e6 ** p for i, p in enumerate(powers)}


def fit(xs, ys, powers):
    """Least squares of y = sum c_p N^p with every c_p >= 0 (time and
    memory do not shrink as N grows; a negative term only fits noise):
    the best of the fits on subsets of `powers` that the distinct N can
    determine and whose terms are all >= 0."""
    from itertools import combinations
    distinct = len(set(xs))
    best, best_sse = None, None
    # Among equal fits (two runs fit any two terms exactly) the first
    # wins: more terms, then the higher powers.
    for k in range(min(len(powers), distinct), 0, -1):
        for sub in reversed(list(combinations(powers, k))):
            try:
                m = lstsq(xs, ys, list(sub))
            except ValueError:
                continue
            if any(c < 0 for c in m.values()):
                continue
            sse = sum((y - value(m, x)) ** 2 for x, y in zip(xs, ys))
            if best_sse is None or sse < best_sse - 1e-12:
                best, best_sse = m, sse
    return best or {0: 0.0}


def value(model, x):
    return sum(c * x ** p for p, c in model.items())


def show(model):
    names = {0: "", 1: " N", 2: " N^2"}
    return " + ".join("%.4g%s" % (c, names[p]) for p, c in sorted(model.items()))


def main_fit(path, project):
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            r["ph"] = {}
            for item in r["phases"].split(","):
                if "=" in item:
                    k, v = item.split("=")
                    r["ph"][k] = float(v)
            rows.append(r)
    if not rows:
        sys.exit("no runs in " + path)
    ns = [int(r["n"]) for r in rows]
    phases = [p for p in rows[0]["ph"] if all(p in r["ph"] for r in rows)]
    print("\nruns (N, wall s, user s, peak MB, KB/essay, mean terms, head F):")
    for r in rows:
        n = int(r["n"])
        print("  %8d %8.1f %8.1f %7s %6.2f %7s %4s   load %s" % (
            n, float(r["wall"]), float(r["user"]), r["rss_mb"],
            float(r["rss_mb"]) * 1024 / n, r["mean_terms"], r["head_terms"],
            r["load"]))
    print("\nfits (N essays) and the projection to N = %d:" % project)
    total = 0.0
    for p in phases:
        model = fit(ns, [r["ph"][p] for r in rows],
                    [1, 2] if p == "similarity" else [0, 1])
        t = value(model, project)
        total += t
        print("  %-12s %-40s s %10.1f s" % (p, show(model), t))
    print("  %-12s %-40s   %10.1f s (%.2f h)" % ("phases' sum", "", total,
                                                 total / 3600))
    for what in ("wall", "user"):
        model = fit(ns, [float(r[what]) for r in rows], [0, 1, 2])
        t = value(model, project)
        print("  %-12s %-40s s %10.1f s (%.2f h)" % (what, show(model), t,
                                                    t / 3600))
    rss = fit(ns, [float(r["rss_mb"]) for r in rows], [0, 1])
    m = value(rss, project)
    print("  %-12s %-40s MB %9.0f MB (%.2f KB/essay)" % (
        "peak RSS", show(rss), m, m * 1024 / project))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "terms":
        terms(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) >= 3 and sys.argv[1] == "fit":
        main_fit(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1000000)
    else:
        sys.exit(__doc__)
