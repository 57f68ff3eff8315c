"""research_check.py OUT_DIR FIELD [ltc|sklearn]: recompute, independently of the C code,
what the research reports of an `essay-stats --out-dir OUT_DIR --group-by
FIELD --min-count 1 --reports essays,terms,docterms,keyness` run hold, from
the integer columns of its own reports:

- docterms.tf_idf (ltc: (1 + ln count) * ln(N / df); sklearn: count *
  (ln((1 + N) / (1 + df)) + 1); L2-normalized per essay) from docterms'
  counts, N the analysed essays of essays.csv;
- terms.per_1000 and terms.dp (Gries) per group, from docterms' counts and
  the essays' FIELD values (a "; "-joined sequence puts an essay in each
  item's group);
- every keyness row (which terms, count, count_rest, per_1000,
  per_1000_rest, signed G2 over the 2x2 table, p = chi-squared upper tail
  with 1 df = erfc(sqrt(G2 / 2)), Log Ratio with 0.5 for a zero count,
  docs) from the grouped terms report.

Reals are compared to the printed precision plus 1e-9: |csv - x| <=
0.5e-6 + 1e-9 for %.6f, and relatively 0.5e-6 + 1e-9 for p (%.6e)."""

import csv
import math
import sys
from collections import defaultdict

out_dir, field = sys.argv[1], sys.argv[2]
weighting = sys.argv[3] if len(sys.argv) > 3 else "ltc"
failures = []


def check(cond, what):
    if not cond and len(failures) < 30:
        failures.append(what)


def rows(name):
    with open("%s/%s.csv" % (out_dir, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def close_f(text, x, what):
    if x is None:
        check(text == "", "%s: %r, expected empty" % (what, text))
        return
    check(text != "" and abs(float(text) - x) <= 0.5e-6 + 1e-9,
          "%s: %s, expected %.12f" % (what, text, x))


def close_e(text, x, what):
    ok = text != "" and abs(float(text) - x) <= (0.5e-6 + 1e-9) * abs(x) + 1e-300
    check(ok, "%s: %s, expected %.12e" % (what, text, x))


essays = rows("essays")
analysed = [e for e in essays if e["words"] != ""]
N = len(analysed)
groups_of = {}
for e in analysed:
    v = e.get(field, "")
    items = sorted(set(v.split("; "))) if v != "" else ["(none)"]
    groups_of[e["doc_id"]] = items

# doc -> term -> count
dt = defaultdict(dict)
for r in rows("docterms"):
    dt[r["doc_id"]][r["term"]] = int(r["count"])

# docterms tf_idf (ltc)
df = defaultdict(int)
for d in dt.values():
    for t in d:
        df[t] += 1
tfidf = {}
for doc, d in dt.items():
    if weighting == "ltc":
        w = {t: (1 + math.log(c)) * math.log(N / df[t]) for t, c in d.items()}
    else:
        w = {t: c * (math.log((1 + N) / (1 + df[t])) + 1) for t, c in d.items()}
    norm = math.sqrt(sum(x * x for x in w.values()))
    for t, x in w.items():
        tfidf[(doc, t)] = x / norm if norm > 0 else 0.0
for r in rows("docterms"):
    close_f(r["tf_idf"], tfidf[(r["doc_id"], r["term"])],
            "docterms %s %s tf_idf" % (r["doc_id"], r["term"]))

# group membership and per-group totals
members = defaultdict(list)
for doc in sorted(groups_of):
    members["(all)"].append(doc)
    for g in groups_of[doc]:
        members[g].append(doc)
doc_total = {doc: sum(dt.get(doc, {}).values()) for doc in groups_of}


def group_counts(g):
    cnt, docs = defaultdict(int), defaultdict(int)
    for doc in members[g]:
        for t, c in dt.get(doc, {}).items():
            cnt[t] += c
            docs[t] += 1
    return cnt, docs


# terms: per_1000 and dp
counts_of = {g: group_counts(g)[0] for g in members}
for r in rows("terms"):
    g = r.get("group", "(all)")
    cnt = counts_of[g]
    T = sum(doc_total[d] for d in members[g])
    t, c = r["term"], int(r["count"])
    check(cnt.get(t) == c, "terms %s %s count %d vs docterms %s" % (g, t, c, cnt.get(t)))
    close_f(r["per_1000"], 1000.0 * c / T, "terms %s %s per_1000" % (g, t))
    dp = 0.5 * sum(abs(dt.get(d, {}).get(t, 0) / c - doc_total[d] / T)
                   for d in members[g])
    close_f(r["dp"], dp, "terms %s %s dp" % (g, t))

# keyness from the grouped terms report
terms_by_group = defaultdict(dict)
for r in rows("terms"):
    terms_by_group[r.get("group", "(all)")][r["term"]] = (int(r["count"]), int(r["docs"]))
all_counts = {t: c for t, (c, _) in terms_by_group["(all)"].items()}
TOTAL = sum(all_counts.values())


def g2_of(a, A, b, B):
    n = A + B
    r1, r2 = a + b, n - a - b
    cells = [(a, A * r1 / n), (b, B * r1 / n), (A - a, A * r2 / n), (B - b, B * r2 / n)]
    g2 = 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)
    g2 = max(g2, 0.0)
    return -g2 if a * B < b * A else g2


expected = []
group_order = [g for g in terms_by_group if g != "(all)"]
for g in group_order:
    gt = terms_by_group[g]
    A = sum(c for c, _ in gt.values())
    B = TOTAL - A
    if A == 0:
        continue
    for t, total in all_counts.items():
        a, docs = gt.get(t, (0, 0))
        b = total - a
        if B == 0:
            g2, p, lr = 0.0, 1.0, None
        else:
            g2 = g2_of(a, A, b, B)
            p = math.erfc(math.sqrt(abs(g2) / 2))
            lr = math.log2(((a or 0.5) / A) / ((b or 0.5) / B))
        if (a > 0 and a + b >= 1) or (a == 0 and p < 0.05):
            expected.append((g, t, a, b, A, B, g2, p, lr, docs))

got = rows("keyness")
check(len(got) == len(expected), "keyness: %d rows, expected %d" % (len(got), len(expected)))
want = {(e[0], e[1]): e for e in expected}
for r in got:
    e = want.get((r["group"], r["term"]))
    if e is None:
        check(False, "keyness: unexpected row %s %s" % (r["group"], r["term"]))
        continue
    g, t, a, b, A, B, g2, p, lr, docs = e
    what = "keyness %s %s" % (g, t)
    check(int(r["count"]) == a and int(r["count_rest"]) == b and int(r["docs"]) == docs,
          what + ": counts")
    close_f(r["per_1000"], 1000.0 * a / A, what + " per_1000")
    close_f(r["per_1000_rest"], 1000.0 * b / B if B else None, what + " per_1000_rest")
    close_f(r["g2"], g2, what + " g2")
    close_e(r["p"], p, what + " p")
    close_f(r["log_ratio"], lr, what + " log_ratio")

# order: group order, then G2 descending (the recomputed value; equal
# within 1e-9 counts as a tie), then term bytewise
order = {g: i for i, g in enumerate(group_order)}
for x, y in zip(got, got[1:]):
    ex, ey = want.get((x["group"], x["term"])), want.get((y["group"], y["term"]))
    if ex is None or ey is None:
        continue
    gx, gy = order[x["group"]], order[y["group"]]
    ok = gx < gy or (gx == gy and (
        ex[6] > ey[6] + 1e-9 or
        (abs(ex[6] - ey[6]) <= 1e-9 and x["term"].encode() <= y["term"].encode())))
    check(ok, "keyness: %s %s before %s %s" % (x["group"], x["term"], y["group"], y["term"]))

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print("research reports: %d docterms, %d keyness rows checked" %
      (len(tfidf), len(got)))
