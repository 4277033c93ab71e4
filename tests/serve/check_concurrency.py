#!/usr/bin/env python3
"""32 clients quote and commit at once against limited capacity: nothing is ever promised twice.

    check_concurrency.py BIN [sqlite|postgresql|both]

The scenario: one module bought from one supplier, 100 a week for 4 weeks (400 in all), nothing
else. 32 clients, each its own customer, quote random quantities due in random weeks (no lateness
allowed) and commit each quote with its promise, until nothing is left even for one unit. Then:
every acknowledged commit is stored; by every week, the committed deliveries never exceed the
supply that has arrived (the invariant); and the capacity is used to the last unit (commits were
refused or re-quoted, not lost).
"""
import json
import os
import random
import sys
import threading

sys.path.insert(0, os.path.dirname(__file__))
from servers import Server, run_on_stores  # noqa: E402

CLIENTS = 32
WEEKLY, WEEKS = 100, 4
SCENARIO = f"""name: scarce modules
supply:
  calendar: {{start: 2026-W01, periods: {WEEKS}}}
  customers: [{", ".join(f"{{id: c{k}}}" for k in range(CLIENTS))}]
  items:
    - id: module
  suppliers:
    - {{id: maker, item: module, capacity: {WEEKLY}}}
"""


def run(binary, db=None):
    label = "postgresql" if db else "sqlite"
    server = Server(binary, db=db, extra=["--no-shipped"])
    failures = []
    try:
        status, _ = server.call("POST", "/api/scenarios", {"id": "scarce", "text": SCENARIO})
        assert status == 201, status
        acked, conflicts, errors = [], [0], []
        lock = threading.Lock()

        def client(k):
            rnd = random.Random(k)
            while True:
                qty = rnd.randint(1, 20)
                due = rnd.randint(1, WEEKS) if qty > 1 else WEEKS
                order = {"customer": f"c{k}", "item": "module", "quantity": qty, "due": f"2026-W{due:02d}", "max_lateness": 0}
                st, q = server.call("POST", "/api/scenarios/scarce/quote", order)
                if st != 200:
                    errors.append((st, q))
                    return
                if q["order"]["delivered"] == 0:
                    if qty == 1:
                        return  # nothing left for anyone, even one unit in the last week
                    continue
                st, c = server.call("POST", "/api/scenarios/scarce/commit", {**order, "promise": q["promise"]})
                with lock:
                    if st == 201:
                        acked.append(c)
                    elif st == 409:
                        conflicts[0] += 1
                    else:
                        errors.append((st, c))
                        return

        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            failures.append(f"{label}: unexpected answers: {errors[:3]}")
        st, orders = server.call("GET", "/api/scenarios/scarce/orders")
        stored = {o["id"]: o for o in orders["orders"]}
        ids = sorted(c["order"]["id"] for c in acked)
        if sorted(stored) != ids:
            failures.append(f"{label}: stored commits {len(stored)} != acknowledged {len(ids)}")
        by_week = [0] * WEEKS
        for c in acked:
            for d in c["promise"]:
                by_week[int(d["period"][-2:]) - 1] += d["quantity"]
        for w in range(WEEKS):
            committed, arrived = sum(by_week[: w + 1]), WEEKLY * (w + 1)
            if committed > arrived:
                failures.append(f"{label}: over-commit: {committed} units promised by week {w + 1}, only {arrived} arrived")
        total = sum(by_week)
        if total != WEEKLY * WEEKS:
            failures.append(f"{label}: {total} of {WEEKLY * WEEKS} units committed: capacity left unsold")
        print(f"{label}: {len(acked)} commits from {CLIENTS} clients, {conflicts[0]} refused as conflicts, "
              f"{total} units committed of {WEEKLY * WEEKS}, by week {by_week}", file=sys.stderr)
    finally:
        server.stop()
    return failures


if __name__ == "__main__":
    sys.exit(run_on_stores(sys.argv, run))
