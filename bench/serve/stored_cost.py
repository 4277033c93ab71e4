#!/usr/bin/env python3
"""What a stored scenario costs the service, against the CLI on the same file.

Generates a supply scenario (`opticplan gen supply`, 100,000 orders, 200 items, 104 weeks by
default), then:
  - the CLI: `opticplan plan FILE --json`, wall time and peak RSS (/usr/bin/time);
  - the service: a fresh `opticplan serve` (SQLite in a scratch folder); the scenario is stored
    (POST /api/scenarios), a plan run is started (POST /api/runs) and polled until done, and its
    result fetched. Each step's wall time, and the server's peak RSS over the step (VmHWM, reset
    between steps through /proc/PID/clear_refs), are printed as a Markdown table.
Not a ctest: timings belong to benchmarks.
  bench/serve/stored_cost.py [ORDERS]   (expects a Release build in build/release)
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "build", "release", "src", "opticplan")


def hwm_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1)) / 1024


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024


def reset_hwm(pid):
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


def main():
    orders = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    work = tempfile.mkdtemp()
    scenario = os.path.join(work, "s.yaml")
    with open(scenario, "w") as f:
        subprocess.run([BIN, "gen", "supply", "--orders", str(orders), "--items", "200", "--periods", "104"],
                       stdout=f, check=True)
    text = open(scenario).read()
    rows = []

    timing = os.path.join(work, "time")
    t0 = time.monotonic()
    subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", timing, BIN, "plan", scenario, "--json"],
                   stdout=subprocess.DEVNULL, check=True)
    secs, kb = open(timing).read().split()
    rows.append((f"CLI: opticplan plan --json ({orders:,} orders)", float(secs), None, int(kb) / 1024))

    data = os.path.join(work, "data")
    log = open(os.path.join(work, "server.log"), "w+")
    server = subprocess.Popen([BIN, "serve", "--port", "0", "--data", data, "--max-body", str(64 << 20)],
                              stderr=log, stdout=subprocess.DEVNULL)
    try:
        port = None
        for _ in range(200):
            log.seek(0)
            m = re.search(r"listening on http://[0-9.]+:(\d+)", log.read())
            if m:
                port = int(m.group(1))
                break
            time.sleep(0.05)
        token = open(os.path.join(data, "initial-token")).read().strip()
        base = f"http://127.0.0.1:{port}"

        def call(method, path, body=None):
            req = urllib.request.Request(base + path, method=method, data=None if body is None else body,
                                         headers={"Authorization": "Bearer " + token,
                                                  "Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=600) as r:
                return r.status, r.read()

        idle = hwm_mb(server.pid)
        rows.append(("service: idle, after start", 0.0, None, idle))

        body = json.dumps({"id": "big", "text": text}).encode()
        before = rss_mb(server.pid)
        reset_hwm(server.pid)
        t0 = time.monotonic()
        status, _ = call("POST", "/api/scenarios", body)
        assert status == 201, status
        rows.append((f"service: store the scenario ({len(body) / 1e6:.1f} MB body)", time.monotonic() - t0,
                     before, hwm_mb(server.pid)))

        before = rss_mb(server.pid)
        reset_hwm(server.pid)
        t0 = time.monotonic()
        status, started = call("POST", "/api/runs", json.dumps({"scenario": "big", "kind": "plan"}).encode())
        run = json.loads(started)["id"]
        while True:
            _, r = call("GET", f"/api/runs/{run}")
            state = json.loads(r)["status"]
            if state in ("done", "failed", "cancelled"):
                break
            time.sleep(0.05)
        assert state == "done", r
        rows.append(("service: plan run (load + plan + store result)", time.monotonic() - t0, before,
                     hwm_mb(server.pid)))

        before = rss_mb(server.pid)
        reset_hwm(server.pid)
        t0 = time.monotonic()
        _, result = call("GET", f"/api/runs/{run}/result")
        rows.append((f"service: fetch the result ({len(result) / 1e6:.1f} MB)", time.monotonic() - t0,
                     before, hwm_mb(server.pid)))
    finally:
        server.terminate()
        server.wait()
    print("| step | wall time | RSS before | peak RSS |")
    print("|---|---|---|---|")
    for label, secs, before, mb in rows:
        print(f"| {label} | {secs:.2f} s | {'' if before is None else f'{before:.0f} MB'} | {mb:.0f} MB |")


if __name__ == "__main__":
    main()
