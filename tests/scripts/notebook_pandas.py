"""notebook_pandas.py DOC FIXTURE_DIR [DIR...]: load every report of each
--out-dir DIR with the pandas snippet of DOC (README.md, so that the
documented code is the tested code) and check it against datapackage.json
and the raw CSV. FIXTURE_DIR comes from the corpus notebook.sh builds, with
values spelled NA, None, null, nan that must survive as text."""

import csv
import json
import pathlib
import re
import sys

import pandas as pd

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def snippet(doc, name, lang):
    """The LANG code block that follows the '<!-- snippet: NAME' marker."""
    text = pathlib.Path(doc).read_text("utf-8")
    m = re.search(r"<!-- snippet: %s\b.*?-->\s*```%s\n(.*?)```" % (name, lang),
                  text, re.S)
    if not m:
        sys.exit("FAIL: no '%s' snippet in %s" % (name, doc))
    return m.group(1)


def raw_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def check_dir(out_dir, load_reports):
    out_dir = pathlib.Path(out_dir)
    package = json.loads((out_dir / "datapackage.json").read_text("utf-8"))
    check(package.get("profile") == "tabular-data-package", "package profile")
    resources = package["resources"]
    paths = sorted(r["path"] for r in resources)
    written = sorted(p.name for p in out_dir.glob("*.csv"))
    check(paths == written, "%s: resources %s, files %s" % (out_dir, paths, written))
    check(len(resources) >= 8, "%s: %d resources" % (out_dir, len(resources)))
    reports = load_reports(out_dir)
    for res in resources:
        name, schema = res["name"], res["schema"]
        where = "%s/%s" % (out_dir.name, res["path"])
        check(res["path"] == name + ".csv", where + ": path")
        check(res["format"] == "csv" and res["encoding"] == "utf-8",
              where + ": format/encoding")
        check(schema["missingValues"] == [""], where + ": missingValues")
        fields = schema["fields"]
        names = [f["name"] for f in fields]
        check(all(f["type"] in ("string", "integer", "number") and f["description"]
                  for f in fields), where + ": field types/descriptions")
        rows = raw_rows(out_dir / res["path"])
        check(rows[0] == names, "%s: header %s != schema %s" % (where, rows[0], names))
        df = reports[name]
        check(list(df.columns) == names, "%s: columns %s" % (where, list(df.columns)))
        check(len(df) == len(rows) - 1,
              "%s: pandas read %d rows, the file has %d" % (where, len(df), len(rows) - 1))
        for i, f in enumerate(fields):
            col, raw = df[f["name"]], [r[i] for r in rows[1:]]
            if f["type"] == "string":
                check(str(col.dtype) == "string", "%s: %s is %s" % (where, f["name"], col.dtype))
                # Text survives exactly; only "" is missing.
                got = ["" if pd.isna(v) else v for v in col]
                check(got == raw, "%s: %s changed on loading" % (where, f["name"]))
            else:
                check(pd.api.types.is_numeric_dtype(col),
                      "%s: %s is %s" % (where, f["name"], col.dtype))
                want = "Int64" if f["type"] == "integer" else "float64"
                check(str(col.dtype) == want, "%s: %s is %s, not %s" % (where, f["name"], col.dtype, want))
                check(col.isna().tolist() == [v == "" for v in raw],
                      "%s: %s missing values" % (where, f["name"]))
            enum = f.get("constraints", {}).get("enum")
            if enum:
                bad = set(col.dropna()) - set(enum)
                check(not bad, "%s: %s values %s not in enum" % (where, f["name"], bad))
        key = schema.get("primaryKey")
        if key:
            check(not df[key].isna().any().any(), where + ": primary key has missing values")
            check(not df.duplicated(subset=key).any(), where + ": primary key not unique")
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"]["resource"] or name
            ids = set(reports[target]["doc_id"])
            vals = set(df[fk["fields"]].dropna())
            check(vals <= ids, "%s: %s values missing from %s.doc_id: %s"
                  % (where, fk["fields"], target, vals - ids))
    return reports


def cell(df, row, col):
    """A value, with pandas' missing value as None (pd.NA == x is not a
    bool, and a test must fail, not crash, when a word became missing)."""
    v = df[col][row]
    return None if pd.isna(v) else v


def check_fixture(reports):
    essays = reports["essays"]
    ids = list(essays["doc_id"])
    check(len(ids) == 3, "fixture: %d essays" % len(ids))
    row = {d: i for i, d in enumerate(ids)}
    a = [d for d in ids if d.endswith("/a.md")][0]
    b = [d for d in ids if d.endswith("/b.md")][0]
    check(cell(essays, row[a], "movieId") == "0042", "movieId 0042 lost its zeros")
    check(cell(essays, row[b], "movieId") == "7", "movieId 7")
    check(cell(essays, row[a], "catalogNo") == "007", "catalogNo 007")
    check(cell(essays, row[b], "catalogNo") == "1.10", "catalogNo 1.10")
    check(cell(essays, row[a], "category") == "NA", "front-matter value NA")
    check(cell(essays, row[b], "category") == "None", "front-matter value None")
    # Keys that clash with fixed columns, and their text.
    check(cell(essays, row[a], "fm.title") == "A front-matter title", "fm.title")
    check(cell(essays, row[a], "fm.words") == "none", "fm.words")
    check(cell(essays, row[a], "title") == "Stillwater: A Study", "title")
    check(essays["words"].dtype == "Int64", "words dtype")
    terms = set(reports["keyterms"]["term"].dropna())
    for t in ("NA", "None", "null", "N/A", "nan", "a, b"):
        check(t in terms, "key term %r lost (have %s)" % (t, sorted(terms)))
    keys = set(reports["keyterms"]["key"].dropna())
    check({"na", "none", "null", "n/a", "nan"} <= keys, "normalized keys %s" % sorted(keys))
    words = set(reports["terms"]["term"].dropna())
    check({"na", "nan", "none", "null"} <= words, "terms lost: %s" % sorted(words))
    # Group names NA and None (from --group-by category) are text too.
    for r in ("terms", "keyterms", "lengths"):
        groups = set(reports[r]["group"].dropna())
        check({"(all)", "NA", "None", "(none)"} <= groups, "%s groups %s" % (r, groups))
    check(reports["terms"].columns[0] == "group", "terms starts with group")
    # The research reports: words and group names that look missing stay
    # text, numbers are typed.
    dt = reports["docterms"]
    check({"na", "nan", "none", "null"} <= set(dt["term"].dropna()),
          "docterms terms %s" % sorted(set(dt["term"].dropna())))
    check(str(dt["count"].dtype) == "Int64" and str(dt["tf_idf"].dtype) == "float64",
          "docterms dtypes")
    kn = reports["keyness"]
    check({"NA", "None"} <= set(kn["group"].dropna()), "keyness groups %s" % set(kn["group"]))
    check(str(kn["p"].dtype) == "float64" and str(kn["g2"].dtype) == "float64",
          "keyness dtypes")


def main():
    doc, fixture, others = sys.argv[1], sys.argv[2], sys.argv[3:]
    env = {}
    exec(compile(snippet(doc, "pandas", "python"), doc, "exec"), env)
    load_reports = env["load_reports"]
    check_fixture(check_dir(fixture, load_reports))
    for d in others:
        reports = check_dir(d, load_reports)
        check(len(reports["essays"]) > 0, d + ": no essays")
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    if failures:
        sys.exit(1)
    print("notebook_pandas: %d directories load with the documented types (pandas %s)"
          % (1 + len(others), pd.__version__))


if __name__ == "__main__":
    main()
