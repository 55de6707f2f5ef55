# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Benchmarks of bulk work against the bundled emulator (not part of the test run).

Starts ``tests/emulator/server.py`` on a free port, runs each case of issue 5 with
``ansible-playbook``, reads the request count from ``/__emulator/requests`` and prints a
table: requests, task and playbook wall time, and the ratio to the case's baseline.

    PATH=/path/to/venv/bin:$PATH python3 benchmarks/run_benchmarks.py [--loop-items 100] [--markdown]

``ansible-playbook`` must be on PATH (with ``requests`` importable by its Python).
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLAYBOOKS = os.path.join(ROOT, "benchmarks", "playbooks")
BENCH_LINE = re.compile(r"BENCH seconds=([0-9.]+)(.*?)\"?$", re.MULTILINE)


class Emulator:
    def __init__(self, workdir):
        self.info_file = os.path.join(workdir, "emulator.json")
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, os.path.join(ROOT, "tests", "emulator", "server.py"), "--port", "0",
             "--info-file", self.info_file, "--quiet"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _attempt in range(200):
            if os.path.exists(self.info_file) and os.path.getsize(self.info_file):
                break
            time.sleep(0.05)
        else:
            self.stop()
            raise RuntimeError("the emulator did not start")
        with open(self.info_file, encoding="utf-8") as handle:
            self.info = json.load(handle)
        self.url = self.info["url"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"} if data else {})
        with urllib.request.urlopen(request, timeout=60) as answer:
            text = answer.read()
        return json.loads(text) if text else {}

    def requests(self):
        return self.call("GET", "/__emulator/requests")["requests"]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Runner:
    def __init__(self, emulator, workdir):
        self.emulator = emulator
        self.workdir = workdir
        collections = os.path.join(workdir, "collections")
        os.makedirs(os.path.join(collections, "ansible_collections", "secretops"))
        os.symlink(ROOT, os.path.join(collections, "ansible_collections", "secretops", "infisical"))
        self.env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_NOCOLOR="1",
                        ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
                        ANSIBLE_FORKS="5")
        self.count = 0

    def run(self, playbook, **bench_vars):
        """Run a playbook; return (requests, task seconds, playbook seconds, extra text)."""
        self.count += 1
        variables = dict(self.emulator.info, ansible_python_interpreter="{{ ansible_playbook_python }}")
        variables.update(bench_vars)
        vars_file = os.path.join(self.workdir, "vars-%d.json" % self.count)
        with open(vars_file, "w", encoding="utf-8") as handle:
            json.dump(variables, handle)
        self.emulator.call("DELETE", "/__emulator/requests")
        start = time.monotonic()
        done = subprocess.run(["ansible-playbook", "-i", "localhost,", os.path.join(PLAYBOOKS, playbook), "-e", "@" + vars_file],
                              env=self.env, capture_output=True, text=True, check=False)
        wall = time.monotonic() - start
        if done.returncode != 0:
            sys.stderr.write(done.stdout[-4000:] + done.stderr[-2000:])
            raise RuntimeError("%s failed" % playbook)
        match = BENCH_LINE.search(done.stdout)
        requests = self.emulator.requests()
        return requests, float(match.group(1)), wall, match.group(2).strip().replace('\\"', '"')


def secrets(prefix, count, tag="v1"):
    return {"%s_%04d" % (prefix, i): "bench-%s-%s-%04d" % (tag, prefix.lower(), i) for i in range(count)}


def writes(requests):
    return [r for r in requests if r["method"] != "GET" and "auth" not in (r["route"] or "")]


def status(requests, code):
    return len([r for r in requests if r["status"] == code])


def drift_seed(projects, per_target):
    seeded = {"DRIFT_%03d" % i: "seed-%03d" % i for i in range(per_target)}
    seed = {"projects": []}
    for index, project_id in enumerate(projects):
        items = [{"environment": env, "path": "/", "key": key, "value": value}
                 for env in ("dev", "staging", "prod") for key, value in seeded.items()]
        seed["projects"].append({"id": project_id, "name": "Drift %02d" % index, "slug": "drift-project-%02d" % index, "secrets": items})
    # Declared: 5 values differ, 3 keys missing on the server, 2 server keys not declared.
    declared = {key: value for key, value in seeded.items() if key not in ("DRIFT_%03d" % (per_target - 1), "DRIFT_%03d" % (per_target - 2))}
    for i in range(5):
        declared["DRIFT_%03d" % i] = "changed-%03d" % i
    for i in range(3):
        declared["DRIFT_NEW_%d" % i] = "new-%d" % i
    return seed, declared


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--secrets", type=int, default=1000, help="secrets of cases 1, 2 and 5 (default 1000)")
    parser.add_argument("--loop-items", type=int, default=100,
                        help="items of the per-secret loops, extrapolated to --secrets (default 100)")
    parser.add_argument("--rate-loop-items", type=int, default=60,
                        help="items of the rate-limited per-secret loop of case 5 (default 60)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    if shutil.which("ansible-playbook") is None:
        sys.exit("ansible-playbook is not on PATH")

    workdir = tempfile.mkdtemp(prefix="infisical-bench-")
    emulator = Emulator(workdir)
    runner = Runner(emulator, workdir)
    rows = []
    scale = args.secrets / float(args.loop_items)

    def row(case, variant, items, reqs, task, wall, baseline=None, note=""):
        rows.append({"case": case, "variant": variant, "items": items, "requests": reqs, "task": task, "wall": wall,
                     "baseline": baseline, "note": note})
        sys.stderr.write("  %s %s: %s requests, %.2f s\n" % (case, variant, reqs, task))

    try:
        n = args.secrets
        sys.stderr.write("case 1: converge %d new secrets\n" % n)
        loop_reqs, loop_task, loop_wall, _x = runner.run("loop_module.yml", bench_path="/loop", bench_secrets=secrets("LOOP", args.loop_items))
        base1 = loop_task * scale
        bulk = secrets("BENCH", n)
        reqs, task, wall, extra = runner.run("bulk.yml", bench_path="/bulk", bench_secrets=bulk)
        row("1", "infisical_secrets, 1 task", n, len(reqs), task, wall, base1,
            "%d writes; %s" % (len(writes(reqs)), extra))
        row("1", "loop of infisical_secret (baseline)", n, int(round((len(loop_reqs) - 1) * scale)) + 1, base1, loop_wall - loop_task + base1, base1,
            "measured %d items: %d requests, %.1f s; x%g" % (args.loop_items, len(loop_reqs), loop_task, scale))
        uri_reqs, uri_task, uri_wall, _x = runner.run("loop_uri.yml", bench_path="/", bench_secrets=secrets("URI", args.loop_items))
        row("1", "loop of ansible.builtin.uri", n, int(round((len(uri_reqs) - 1) * scale)) + 1, uri_task * scale,
            uri_wall - uri_task + uri_task * scale, base1,
            "measured %d items: %d requests, %.1f s; x%g; create only" % (args.loop_items, len(uri_reqs), uri_task, scale))

        sys.stderr.write("case 2: rerun, nothing to change\n")
        noop_reqs, noop_task, noop_wall, _x = runner.run("noop.yml")
        reqs, task, wall, extra = runner.run("bulk.yml", bench_path="/bulk", bench_secrets=bulk)
        row("2", "infisical_secrets rerun", n, len(reqs), task, wall, noop_task, "%d writes; %s" % (len(writes(reqs)), extra))
        row("2", "ansible.builtin.ping (baseline)", 0, len(noop_reqs), noop_task, noop_wall, noop_task, "")

        sys.stderr.write("case 3: 100 keys by lookup\n")
        keys = sorted(bulk)[:100]
        reqs, task, wall, extra = runner.run("lookup_one_task.yml", bench_path="/bulk", bench_keys=keys)
        one_task = task
        row("3", "100 lookup calls in 1 task", 100, len(reqs), task, wall, one_task, extra)
        reqs, task, wall, extra = runner.run("lookup_many_tasks.yml", bench_path="/bulk", bench_keys=keys)
        logins = len([r for r in reqs if "login" in (r["route"] or "")])
        row("3", "100 tasks, token passed", 100, len(reqs), task, wall, one_task,
            "%d login(s), %.2f requests per task" % (logins, (len(reqs) - logins) / 100.0))

        sys.stderr.write("case 5: converge %d secrets at 40 requests/minute per secrets route\n" % n)
        emulator.call("POST", "/__emulator/ratelimit", {"enabled": True, "secrets": 40, "window_seconds": 60})
        loop_reqs, loop_task, loop_wall, _x = runner.run("loop_module.yml", bench_path="/rl-loop",
                                                         bench_secrets=secrets("RLOOP", args.rate_loop_items))
        # A per-secret loop is bound by its busiest secrets route (infisical_secret reads a secret
        # before and after creating it: 2 requests per secret on GET /api/v4/secrets/:secretName),
        # capped at 40 per minute: converging N secrets cannot take less than ceil(busiest / 40) - 1 minutes.
        per_route = {}
        for r in loop_reqs:
            if r["status"] != 429 and r["route"]:
                per_route[(r["method"], r["route"])] = per_route.get((r["method"], r["route"]), 0) + 1
        per_secret = max(per_route.values()) / float(args.rate_loop_items)
        per_item = (len(loop_reqs) - status(loop_reqs, 429) - 1) / float(args.rate_loop_items)
        floor = max(0, -(-int(round(per_secret * n)) // 40) - 1) * 60.0
        reqs, task, wall, extra = runner.run("bulk.yml", bench_path="/rate", bench_secrets=secrets("RATE", n))
        row("5", "infisical_secrets, 40/min", n, len(reqs), task, wall, floor,
            "%d writes, %d answered 429; %s" % (len(writes(reqs)), status(reqs, 429), extra))
        row("5", "loop of infisical_secret, 40/min (baseline)", n, "%d+" % int(round(per_item * n + 1)), floor, floor, floor,
            "measured %d items: %d requests (%d answered 429), %.1f s; %d items need >= %.0f s (%g requests per secret on one route)"
            % (args.rate_loop_items, len(loop_reqs), status(loop_reqs, 429), loop_task, n, floor, per_secret))
        emulator.call("POST", "/__emulator/ratelimit", {"enabled": False})

        sys.stderr.write("case 4: check-mode drift over 10 projects x 3 environments x 100 secrets\n")
        projects = [str(uuid.uuid4()) for _i in range(10)]
        seed, declared = drift_seed(projects, 100)
        info = emulator.call("POST", "/__emulator/seed", seed)
        emulator.info.update({k: info[k] for k in ("client_id", "client_secret", "project_id")})
        reqs, task, wall, extra = runner.run("drift.yml", bench_projects=projects, bench_secrets=declared)
        lists = len([r for r in reqs if r["method"] == "GET"])
        row("4", "drift, 30 targets, check mode", 3000, len(reqs), task, wall, None,
            "%d login + %d lists, %d writes; %s" % (len(reqs) - lists, lists, len(writes(reqs)), extra))
    finally:
        emulator.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    print_table(rows, args.markdown)


def print_table(rows, markdown):
    header = ["case", "variant", "items", "requests", "task s", "playbook s", "ratio", "notes"]
    lines = []
    for r in rows:
        ratio = "%.3g" % (r["task"] / r["baseline"]) if r["baseline"] else "-"
        lines.append([r["case"], r["variant"], str(r["items"]), str(r["requests"]), "%.2f" % r["task"], "%.2f" % r["wall"], ratio, r["note"]])
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" for _h in header) + "|")
        for line in lines:
            print("| " + " | ".join(cell.replace("|", "/") for cell in line) + " |")
    else:
        widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
        print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
        for line in lines:
            print("  ".join(c.ljust(w) for c, w in zip(line, widths)))
    print()
    print("python %s, ratio = task seconds / baseline task seconds of the case" % platform.python_version())


if __name__ == "__main__":
    main()
