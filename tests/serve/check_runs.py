#!/usr/bin/env python3
"""Run admission between users: turns by token, a queue cap per token, a time limit, a prompt cancel.

    check_runs.py BIN [sqlite|postgresql|both]

1. Turns: one worker; token A queues four market runs, then token B one. B's run is served second
   (after A's first), not fifth: when it is done, at most two of A's are.
2. Cap (--max-queued-runs 3): with one of A's runs running and three queued, A's next is refused
   with 429 naming the flag; B may still queue; each run names its owner (the token's id).
3. Time limit (--max-run-seconds 1): a market run of 100,000 draws, and a sourcing run on 1,000
   optimisation futures (stopped inside its LP), are stopped and stored as failed, naming the
   flag, within seconds.
4. Cancel of a fast-planner plan run of 50,000 orders (about 2 s of planning in a Release build),
   given once its progress shows it planning (past 0.1, the scenario loaded): cancelled within
   seconds (0.3 s in a Release build; loading, which comes first, is not interrupted). The same
   scenario's committed plan is built in the background after the store, so its first quote takes
   milliseconds; the scenario listing carries metadata only, not the ids a quote form offers.
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from servers import Server, run_on_stores  # noqa: E402

MARKET = {"scenario": "ai-optics-2026", "kind": "market", "options": {"runs": 60}}


def second_token(server):
    cmd = [server.binary, "token", "create", "--role", "write", "--label", "b"]
    cmd += ["--db", server.db] if server.db else ["--data", server.data]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()


def status(server, run, token=None):
    return server.call("GET", f"/api/runs/{run}", token=token)[1]


def run(binary, db=None):
    label = "postgresql" if db else "sqlite"
    failures = []

    def check(ok, what):
        if not ok:
            failures.append(f"{label}: {what}")

    server = Server(binary, db=db, extra=["--workers", "1", "--max-queued-runs", "3"])
    try:
        b = second_token(server)
        a_runs = []
        for k in range(4):
            st, r = server.call("POST", "/api/runs", MARKET)
            check(st == 202, f"A's run queued: {st} {r}")
            a_runs.append(r["id"])
            deadline = time.time() + 60
            while k == 0 and time.time() < deadline and status(server, r["id"])["status"] == "queued":
                time.sleep(0.01)  # the first runs, so that three are queued behind it
        st, refused = server.call("POST", "/api/runs", MARKET)
        check(st == 429 and "--max-queued-runs" in refused["error"]["message"],
              f"A's fifth run (one running, three queued) is refused: {st} {refused}")
        st, rb = server.call("POST", "/api/runs", MARKET, token=b)
        check(st == 202, f"B's run is queued beside A's: {st} {rb}")
        check(rb["owner"] != status(server, a_runs[0])["owner"] and rb["owner"] > 0,
              f"runs name their owners: {rb['owner']} and {status(server, a_runs[0])['owner']}")
        deadline = time.time() + 300
        while time.time() < deadline and status(server, rb["id"])["status"] != "done":
            time.sleep(0.02)
        a_done = sum(status(server, r)["status"] == "done" for r in a_runs)
        print(f"{label}: B's run done when {a_done} of A's four were")
        check(a_done <= 2, f"B's one run waited for {a_done} of A's runs (turns: at most two)")
        for r in a_runs:
            check(server.wait_run(r, timeout=300)["status"] == "done", f"A's run {r} done")
    finally:
        server.stop()

    if db:
        return failures  # the time limit and cancel do not involve the store
    server = Server(binary, extra=["--max-run-seconds", "1"])
    try:
        # A market stops between blocks of runs; a sourcing run inside its LP (1,000 futures:
        # minutes of CLP). Both as promptly.
        for what, run in (("a 100,000-draw market",
                           {"scenario": "ai-optics-2026", "kind": "market", "options": {"runs": 100000}}),
                          ("a 1,000-scenario sourcing run",
                           {"scenario": "sourcing-1.6t-cluster", "kind": "source",
                            "options": {"scenarios": 1000, "evaluation": 100000}})):
            t0 = time.time()
            st, r = server.call("POST", "/api/runs", run)
            check(st == 202, f"{what} within the limits is queued: {st} {r}")
            final = server.wait_run(r["id"], timeout=120)
            took = time.time() - t0
            print(f"{label}: {what} under --max-run-seconds 1: {final['status']} after {took:.1f} s")
            check(final["status"] == "failed" and "--max-run-seconds" in final.get("error", ""),
                  f"{what} over the time limit is stopped and failed: {final}")
            check(took < 15, f"the time limit stops {what} within seconds: {took:.1f} s")
    finally:
        server.stop()

    server = Server(binary, extra=["--no-shipped"])
    try:
        text = subprocess.run([binary, "gen", "supply", "--orders", "50000", "--items", "200", "--periods", "104"],
                              check=True, capture_output=True, text=True).stdout
        st, _ = server.call("POST", "/api/scenarios", {"id": "big", "text": text})
        check(st == 201, f"the 50,000-order scenario is stored: {st}")
        st, r = server.call("POST", "/api/runs", {"scenario": "big", "kind": "plan"})
        deadline = time.time() + 600
        progress = []
        while time.time() < deadline:
            now = status(server, r["id"])
            if now["status"] != "queued":
                progress.append(now["progress"])
            if now["status"] not in ("queued", "running") or now["progress"] > 0.1:
                break  # planning: past loading (0.1), at least one batch of orders planned
            time.sleep(0.01)
        t0 = time.time()
        server.call("POST", f"/api/runs/{r['id']}/cancel")
        final = server.wait_run(r["id"], timeout=120)
        took = time.time() - t0
        print(f"{label}: a 50,000-order plan run {final['status']} {took:.2f} s after its cancel, "
              f"given at progress {progress[-1] if progress else None}")
        check(progress and 0.1 < progress[-1] < 0.95 and progress == sorted(progress),
              f"a plan run's progress moves: 0.1 once loaded, then with the orders planned: {progress[-5:]}")
        check(final["status"] == "cancelled", f"a cancelled plan run is cancelled: {final}")
        check(took < 5, f"a plan run stops within seconds of its cancel: {took:.2f} s")
        # The committed plan was built after the store, in the background: the first quote is quick.
        deadline = time.time() + 600
        while time.time() < deadline:
            st, summary = server.call("GET", "/api/scenarios/big?text=false")
            if summary.get("promising") == "ready":
                break
            time.sleep(0.2)
        check(summary.get("promising") == "ready" and "text" not in summary,
              f"the committed plan is made after the store; ?text=false leaves the text out: "
              f"{summary.get('promising')} {'text' in summary}")
        order = {"customer": summary["customers"][0], "item": summary["items"][0], "quantity": 10,
                 "due": summary["periods"][10]}
        t0 = time.time()
        st, quote = server.call("POST", "/api/scenarios/big/quote", order)
        took = time.time() - t0
        print(f"{label}: the first quote on the stored 50,000-order scenario: {st} in {took * 1000:.1f} ms")
        check(st == 200 and took < 1, f"the first quote on a stored large scenario is quick: {st} {took:.2f} s")
        st, listing = server.call("GET", "/api/scenarios")
        entry = next(x for x in listing["scenarios"] if x["id"] == "big")
        check(entry["orders"] == 50000 and not {"text", "requirements", "items", "customers", "periods"} & set(entry),
              f"a listing carries metadata only: {sorted(entry)}")
    finally:
        server.stop()
    return failures


if __name__ == "__main__":
    sys.exit(run_on_stores(sys.argv, run))
