#!/usr/bin/env python3
"""Brute-force near-duplicates of a corpus made by genplanted.py: every
pair's Jaccard of shingle sets, computed directly, no filtering.

usage: brute_dupes.py DIR [--shingle K] [--threshold T]
                          [--report duplicates.csv] [--pairs pairs.tsv]

Words are found with a regular expression that matches essay-stats's word
rule on genplanted.py's output (letters, inner apostrophes and hyphens,
Markdown markers dropped); terms are NFKC + casefold with ’ -> '. An
essay's shingles are its runs of K consecutive terms in document order,
across blocks (one shingle of all its terms when it has fewer than K; none
when it has no terms). Two essays are near-duplicates when
|A n B| / |A u B| >= T, computed in double. Writes the expected
`duplicates` report to stdout (cluster, doc_id, size, nearest, jaccard),
and with --report compares it with essay-stats's; with --pairs, compares
the pair set with a file of "doc_a<TAB>doc_b" lines (a < b).
"""
import os
import re
import sys
import unicodedata

WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def terms(text):
    out = []
    for line in text.split("\n"):
        line = re.sub(r"^(#+ |- )", "", line).replace("**", "")
        for w in WORD.findall(line):
            t = unicodedata.normalize("NFKC", w).casefold().replace("’", "'")
            if t:
                out.append(t)
    return out


def shingles(ts, k):
    if not ts:
        return frozenset()
    if len(ts) < k:
        return frozenset([" ".join(ts)])
    return frozenset(" ".join(ts[i:i + k]) for i in range(len(ts) - k + 1))


def main():
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    d = a[0]
    k = int(a[a.index("--shingle") + 1]) if "--shingle" in a else 5
    t = float(a[a.index("--threshold") + 1]) if "--threshold" in a else 0.8
    names = sorted(f for f in os.listdir(d) if f.endswith(".md"))
    prefix = d.rstrip("/") + "/"
    ids = [prefix + f for f in names]
    intern = {}
    sets = []
    for f in names:
        with open(os.path.join(d, f), encoding="utf-8") as fh:
            s = shingles(terms(fh.read()), k)
        sets.append(frozenset(intern.setdefault(x, len(intern)) for x in s))
    n = len(sets)
    par = list(range(n))

    def find(x):
        while par[x] != x:
            par[x] = par[par[x]]
            x = par[x]
        return x

    best = [(-1.0, n)] * n
    pairs = []
    for i in range(n):
        si = sets[i]
        if not si:
            continue
        li = len(si)
        for j in range(i + 1, n):
            sj = sets[j]
            if not sj:
                continue
            o = len(si & sj)
            jac = o / (li + len(sj) - o)
            if jac >= t:
                pairs.append((i, j))
                ri, rj = find(i), find(j)
                if ri != rj:
                    par[max(ri, rj)] = min(ri, rj)
                if jac > best[i][0] or (jac == best[i][0] and j < best[i][1]):
                    best[i] = (jac, j)
                if jac > best[j][0] or (jac == best[j][0] and i < best[j][1]):
                    best[j] = (jac, i)
    size = {}
    for i in range(n):
        size[find(i)] = size.get(find(i), 0) + 1
    rows = []
    for i in range(n):
        r = find(i)
        if size[r] >= 2:
            rows.append((ids[r], ids[i], size[r], ids[best[i][1]],
                         "%.6f" % best[i][0]))
    rows.sort(key=lambda x: (x[0].encode(), x[1].encode()))
    out = ["cluster,doc_id,size,nearest,jaccard"]
    out += ["%s,%s,%d,%s,%s" % r for r in rows]
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    clusters = sum(1 for r in size if size[r] >= 2)
    sys.stderr.write("%d essays, %d pairs >= %g, %d clusters, %d essays in "
                     "clusters\n" % (n, len(pairs), t, clusters, len(rows)))
    status = 0
    if "--report" in a:
        with open(a[a.index("--report") + 1], encoding="utf-8") as fh:
            got = fh.read()
        same = got == text
        sys.stderr.write("duplicates report: %s\n" %
                         ("identical" if same else "DIFFERENT"))
        status |= 0 if same else 1
    if "--pairs" in a:
        with open(a[a.index("--pairs") + 1], encoding="utf-8") as fh:
            got = set(tuple(l.rstrip("\n").split("\t")) for l in fh if l.strip())
        want = set((ids[i], ids[j]) for i, j in pairs)
        sys.stderr.write("pair set: %s (%d expected, %d given, %d missing, "
                         "%d extra)\n" % ("identical" if got == want
                                          else "DIFFERENT", len(want),
                                          len(got), len(want - got),
                                          len(got - want)))
        status |= 0 if got == want else 1
    sys.exit(status)


if __name__ == "__main__":
    main()
