#!/usr/bin/env python3
"""Run the README's nightly-audit example as written.

usage: nightly_readme.py ESSAY_STATS SOURCE_DIR

The README holds three blocks, each after an HTML comment marker:
nightly-job:script (the shell script), nightly-job:cron (the crontab line)
and nightly-job:workflow (a GitHub Actions workflow). In a fresh $HOME with
the sample corpus and its rules file, this runs the crontab line's command
(night 1 records a baseline, night 2 finds nothing new), edits one essay,
runs the workflow's run step (night 3 fails on the one new finding, and the
SARIF file the upload step names exists and marks it new), then the cron
command again (night 4: the finding is now in the baseline). Exits 77 when
PyYAML is missing."""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    sys.exit(77)


def fail(msg):
    print("nightly_readme: " + msg, file=sys.stderr)
    sys.exit(1)


def block(readme, name):
    m = re.search(r"<!-- nightly-job:%s -->\s*```[a-z]*\n(.*?)```" % name,
                  readme, re.S)
    if not m:
        fail("README has no nightly-job:%s block" % name)
    return m.group(1)


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    cli, src = sys.argv[1:3]
    readme = open(os.path.join(src, "README.md"), encoding="utf-8").read()
    script = block(readme, "script")
    cron = block(readme, "cron")
    workflow = yaml.safe_load(block(readme, "workflow"))

    # The crontab line: five time fields, then the command.
    lines = [l for l in cron.splitlines() if l.strip() and not l.startswith("#")]
    if len(lines) != 1:
        fail("the cron block must hold one crontab line")
    fields = lines[0].split(None, 5)
    schedule, cron_cmd = " ".join(fields[:5]), fields[5]

    # The workflow: scheduled like the crontab line, restores the state
    # before the audit, runs the audit, keeps and uploads what it wrote.
    on = workflow.get("on", workflow.get(True))
    if on["schedule"][0]["cron"] != schedule:
        fail("the workflow's schedule differs from the crontab line")
    steps = workflow["jobs"]["audit"]["steps"]
    runs = [s for s in steps if "run" in s]
    if len(runs) != 1:
        fail("the workflow must have one run step")
    uses = [s.get("uses", "") for s in steps]
    restore = next(i for i, u in enumerate(uses) if "cache/restore" in u)
    save = next(i for i, u in enumerate(uses) if "cache/save" in u)
    upload = next(i for i, u in enumerate(uses) if "upload-sarif" in u)
    run_at = steps.index(runs[0])
    if not restore < run_at < save or run_at > upload:
        fail("the workflow's steps are out of order")
    state_dir = steps[restore]["with"]["path"]
    if steps[save]["with"]["path"] != state_dir:
        fail("the workflow saves another folder than it restores")
    for i in (save, upload):
        if steps[i].get("if") != "always()":
            fail("step %d must run even when the audit fails" % i)
    sarif_path = steps[upload]["with"]["sarif_file"]

    home = tempfile.mkdtemp(prefix="es_nightly_")
    try:
        essays = os.path.join(home, "essays")
        shutil.copytree(os.path.join(src, "data"), os.path.join(essays, "corpus"))
        shutil.copy(os.path.join(src, "data", "rules.yaml"),
                    os.path.join(essays, "rules.yaml"))
        with open(os.path.join(essays, "nightly-audit.sh"), "w") as f:
            f.write(script)
        env = dict(os.environ, HOME=home, LC_ALL="C",
                   PATH=os.path.dirname(os.path.abspath(cli)) + ":" +
                   os.environ.get("PATH", "/usr/bin:/bin"))

        def night(cmd, cwd, want):
            p = subprocess.run(["sh", "-c", cmd], cwd=cwd, env=env,
                               stdin=subprocess.DEVNULL)
            if p.returncode != want:
                log = os.path.join(essays, "audit.log")
                if os.path.exists(log):
                    sys.stderr.write(open(log).read())
                fail("%r exited %d, want %d" % (cmd, p.returncode, want))

        audit = os.path.join(essays, state_dir, "audit.csv")
        night(cron_cmd, "/", 0)  # night 1: no baseline yet
        first = rows(audit)
        if not first or "state" in first[0]:
            fail("night 1 should record findings without a state")
        night(cron_cmd, "/", 0)  # night 2: nothing changed
        second = rows(audit)
        if [r["state"] for r in second] != ["unchanged"] * len(first):
            fail("night 2: an unchanged corpus must give 0 new findings")

        # An edit: one essay loses a required field.
        essay = os.path.join(essays, "corpus", "001_closed_rooms.md")
        text = open(essay, encoding="utf-8").read()
        open(essay, "w", encoding="utf-8").write(
            re.sub(r"(?m)^movieId:.*\n", "", text, count=1))
        night(runs[0]["run"], essays, 1)  # night 3, as CI runs it
        third = rows(audit)
        new = [r for r in third if r["state"] == "new"]
        if [(r["doc_id"], r["code"], r["key"]) for r in new] != [
                ("corpus/001_closed_rooms.md", "missing_field", "movieId")]:
            fail("night 3: want one new missing_field, got %r" % new)
        if any(r["state"] != "unchanged" for r in third if r not in new):
            fail("night 3: the edit changed other rows")
        sarif = json.load(open(os.path.join(essays, sarif_path)))
        states = [r.get("baselineState") for r in sarif["runs"][0]["results"]]
        if states.count("new") != 1 or len(states) != len(third):
            fail("night 3: the SARIF file does not match the audit")
        night(cron_cmd, "/", 0)  # night 4: yesterday's finding is known
        if any(r["state"] != "unchanged" for r in rows(audit)):
            fail("night 4: want every finding unchanged")
    finally:
        shutil.rmtree(home)


if __name__ == "__main__":
    main()
