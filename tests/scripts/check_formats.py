#!/usr/bin/env python3
"""Read one audit format back with a real parser and check it.

usage: check_formats.py text|sarif|junit|github|csv FILE EXPECTED BASELINE

EXPECTED lists the rows the file must hold (hex-encoded fields, written by
tests/unit/test_formats.c or by tests/scripts/audit_cli.py): lines
"row DOC DOC_ID SEVERITY CODE KEY LINE MESSAGE STATE", "essay DOC_ID" and
"rule CODE LEVEL". Every string must come back exactly, with only the
changes the format documents (XML cannot carry most control characters;
text writes them as C escapes). Exits 1 with a message on the first
difference."""
import csv
import io
import json
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET


def unhex(s):
    return b"" if s == "-" else bytes.fromhex(s)


def text_of(b):
    return b.decode("utf-8", errors="replace")


def load_expected(path):
    rows, essays, rules = [], [], []
    for line in open(path, encoding="ascii"):
        f = line.split()
        if f[0] == "row":
            rows.append(dict(doc=int(f[1]), doc_id=text_of(unhex(f[2])),
                             severity=f[3], code=f[4],
                             key=text_of(unhex(f[5])), line=int(f[6]),
                             message=text_of(unhex(f[7])),
                             state="" if f[8] == "-" else f[8]))
        elif f[0] == "essay":
            essays.append(text_of(unhex(f[1])))
        elif f[0] == "rule":
            rules.append((f[1], int(f[2])))
    return rows, essays, rules


def fail(msg):
    print("check_formats: " + msg, file=sys.stderr)
    sys.exit(1)


def same(what, got, want):
    if got != want:
        fail("%s: got %r, want %r" % (what, got, want))


def c_escape(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7F:
            out.append("\\x%02X" % o)
        else:
            out.append(ch)
    return "".join(out)


def xml_safe(s):
    return "".join(
        "\ufffd" if (ord(c) < 0x20 and c not in "\t\n\r") or c in "\ufffe\uffff"
        else c for c in s)


def current(rows):
    return [r for r in rows if r["state"] != "fixed"]


def text_line(r, esc):
    line = ":%d" % r["line"] if r["line"] else ""
    return "%s%s: %s: %s [%s]" % (esc(r["doc_id"]), line, r["severity"],
                                  esc(r["message"]), r["code"])


def check_text(data, rows, essays, rules, baseline):
    lines = data.decode("utf-8").split("\n")
    same("last line", lines[-1], "")
    want = [text_line(r, c_escape) for r in current(rows)]
    same("text lines", lines[:-1], want)


LEVEL = {"error": "error", "warning": "warning", "info": "note"}
RULE_LEVEL = {0: "error", 1: "warning", 2: "note", 3: "none"}
STATE = {"new": "new", "unchanged": "unchanged", "fixed": "absent"}


def check_sarif(data, rows, essays, rules, baseline):
    log = json.loads(data.decode("utf-8"))
    same("version", log["version"], "2.1.0")
    same("runs", len(log["runs"]), 1)
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    same("driver name", driver["name"], "essay-stats")
    if not driver.get("version"):
        fail("driver has no version")
    ids = [r["id"] for r in driver["rules"]]
    if rules:
        same("rule ids", ids, [r[0] for r in rules])
        for rule, (code, level) in zip(driver["rules"], rules):
            same("rule level " + code,
                 rule["defaultConfiguration"]["level"], RULE_LEVEL[level])
    for rule in driver["rules"]:
        text = rule["shortDescription"]["text"]
        if not text or text == "An audit finding.":
            fail("rule %s has no description of its own" % rule["id"])
    if len(set(ids)) != len(ids):
        fail("rule ids repeat")
    results = run["results"]
    same("results", len(results), len(rows))
    for res, r in zip(results, rows):
        same("ruleId", res["ruleId"], r["code"])
        if "ruleIndex" in res:
            same("ruleIndex", ids[res["ruleIndex"]], r["code"])
        same("level", res["level"], LEVEL[r["severity"]])
        same("message", res["message"]["text"], r["message"])
        loc = res["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", uri) or " " in uri:
            fail("uri %r is not a relative reference" % uri)
        same("uri", urllib.parse.unquote(uri, errors="replace"), r["doc_id"])
        if r["line"]:
            same("startLine", loc["region"]["startLine"], r["line"])
        elif "region" in loc:
            fail("a region without a line")
        if baseline:
            same("baselineState", res.get("baselineState"), STATE[r["state"]])
        elif "baselineState" in res:
            fail("baselineState without a baseline")
        same("key", res["properties"]["key"], r["key"])
        same("fingerprint",
             res["partialFingerprints"]["essayStatsFinding/v1"],
             "%s|%s|%s" % (r["doc_id"], r["code"], r["key"]))


def check_junit(data, rows, essays, rules, baseline):
    root = ET.fromstring(data)
    suites = list(root.iter("testsuite"))
    same("testsuites", len(suites), 1)
    suite = suites[0]
    cases = list(suite.iter("testcase"))
    cur = current(rows)
    with_findings = {r["doc"] for r in cur}
    passing = [e for i, e in enumerate(essays) if i not in with_findings]
    same("tests", int(suite.get("tests")), len(cur) + len(passing))
    same("testcases", len(cases), len(cur) + len(passing))
    fails = [r for r in cur if r["severity"] != "info"]
    same("failures", int(suite.get("failures")), len(fails))
    got_fail = [c for c in cases if c.find("failure") is not None]
    same("failure testcases", len(got_fail), len(fails))
    k = 0
    for c in cases:
        if c.find("failure") is None and c.find("system-out") is None:
            continue
        r = cur[k]
        k += 1
        same("classname", c.get("classname"), xml_safe(r["doc_id"]))
        name = r["code"] + (" " + r["key"] if r["key"] else "")
        same("name", c.get("name"), xml_safe(name))
        if r["severity"] == "info":
            out = c.find("system-out")
            if out is None or c.find("failure") is not None:
                fail("info finding is not system-out")
            same("system-out", out.text,
                 xml_safe(text_line(r, lambda s: s)))
        else:
            f = c.find("failure")
            same("failure message", f.get("message"), xml_safe(r["message"]))
            same("failure type", f.get("type"), r["severity"])
            body = xml_safe(text_line(r, lambda s: s))
            if baseline:
                body += "\nstate: " + r["state"]
            same("failure text", f.text, body)
    same("finding testcases", k, len(cur))
    ok = [c for c in cases if len(c) == 0]
    same("passing testcases", [c.get("classname") for c in ok],
         [xml_safe(e) for e in passing])


def gh_unescape(s, prop):
    s = s.replace("%0D", "\r").replace("%0A", "\n")
    if prop:
        s = s.replace("%3A", ":").replace("%2C", ",")
    return s.replace("%25", "%")


def check_github(data, rows, essays, rules, baseline):
    lines = data.decode("utf-8").split("\n")
    same("last line", lines[-1], "")
    cur = current(rows)
    same("commands", len(lines) - 1, len(cur))
    cmd = {"error": "error", "warning": "warning", "info": "notice"}
    for line, r in zip(lines, cur):
        m = re.fullmatch(r"::(error|warning|notice) ([^:]*)::(.*)", line)
        if not m:
            fail("not a workflow command: %r" % line)
        same("command", m.group(1), cmd[r["severity"]])
        props = {}
        for kv in m.group(2).split(","):
            k, _, v = kv.partition("=")
            props[k] = gh_unescape(v, True)
        same("file", props["file"], r["doc_id"])
        same("title", props["title"], r["code"])
        if r["line"]:
            same("line", props["line"], str(r["line"]))
        elif "line" in props:
            fail("a line property without a line")
        same("message", gh_unescape(m.group(3), False), r["message"])


def check_csv(data, rows, essays, rules, baseline):
    got = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    head = ["doc_id", "severity", "code", "key", "line", "message"]
    if baseline:
        head.append("state")
    same("header", got[0], head)
    want = []
    for r in rows:
        w = [r["doc_id"], r["severity"], r["code"], r["key"],
             str(r["line"]) if r["line"] else "", r["message"]]
        if baseline:
            w.append(r["state"])
        want.append(w)
    same("rows", got[1:], want)


def main():
    fmt, path, expected, baseline = sys.argv[1:5]
    rows, essays, rules = load_expected(expected)
    data = open(path, "rb").read()
    globals()["check_" + fmt](data, rows, essays, rules, baseline == "1")


if __name__ == "__main__":
    main()
