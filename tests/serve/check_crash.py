#!/usr/bin/env python3
"""SIGKILL during a burst of commits: every acknowledged commit survives, nothing is half there.

    check_crash.py BIN [sqlite|postgresql|both]

16 clients commit small orders as fast as they can; after a while the server is killed with
SIGKILL (no shutdown of any kind) while requests are in flight. After a restart on the same
store: every commit that was acknowledged (201) is there with the schedule it was acknowledged
with; every order present is whole (its request and schedule read back, in the plan again);
commit numbers run 1..N without holes; and only requests that got no answer may or may not be
there. This is repeated three times on the same store.
"""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from servers import Server, run_on_stores  # noqa: E402

CLIENTS = 16
SCENARIO = """name: plenty
supply:
  calendar: {start: 2026-W01, periods: 52}
  customers: [{id: buyer}]
  items:
    - id: module
  suppliers:
    - {id: maker, item: module, capacity: 1000000}
"""


def burst(server, round_no, seconds):
    acked, unanswered = {}, set()
    stop = threading.Event()
    lock = threading.Lock()

    def client(k):
        n = 0
        while not stop.is_set():
            n += 1
            oid = f"r{round_no}-k{k}-{n}"
            order = {"id": oid, "customer": "buyer", "item": "module", "quantity": 1 + (n % 7), "due": "2026-W10"}
            try:
                st, c = server.call("POST", "/api/scenarios/plenty/commit", order)
            except Exception:  # no answer (connection reset, truncated answer): outcome unknown
                with lock:
                    unanswered.add(oid)
                return
            with lock:
                if st == 201:
                    acked[oid] = c["promise"]
                else:
                    unanswered.add(oid)  # (an answer that is not 201 means not committed; counted apart below)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(seconds)
    server.kill()  # SIGKILL while the clients are still sending
    stop.set()
    for t in threads:
        t.join()
    return acked, unanswered


def run(binary, db=None):
    label = "postgresql" if db else "sqlite"
    failures = []
    server = Server(binary, db=db, extra=["--no-shipped"])
    st, _ = server.call("POST", "/api/scenarios", {"id": "plenty", "text": SCENARIO})
    assert st == 201, st
    all_acked = {}
    try:
        for round_no in range(1, 4):
            acked, unanswered = burst(server, round_no, 1.5)
            all_acked.update(acked)
            server.start()  # same --data / --db
            st, orders = server.call("GET", "/api/scenarios/plenty/orders")
            if st != 200:
                failures.append(f"{label}: orders after restart: {st}")
                break
            present = {o["id"]: o for o in orders["orders"]}
            lost = [oid for oid in all_acked if oid not in present]
            if lost:
                failures.append(f"{label} round {round_no}: {len(lost)} acknowledged commits lost, e.g. {lost[:3]}")
            changed = [oid for oid, promise in all_acked.items() if oid in present and present[oid]["deliveries"] != promise]
            if changed:
                failures.append(f"{label} round {round_no}: acknowledged schedules changed: {changed[:3]}")
            extra = [oid for oid in present if oid not in all_acked]
            unexplained = [oid for oid in extra if oid not in unanswered]
            if unexplained:
                failures.append(f"{label} round {round_no}: present but never sent unanswered: {unexplained[:3]}")
            for oid in extra:  # committed, but the answer died with the server: fine, if whole
                all_acked[oid] = present[oid]["deliveries"]
            half = [o["id"] for o in present.values()
                    if o["status"] != "planned" or not o["deliveries"] or
                    sum(d["quantity"] for d in o["deliveries"]) != o["request"]["quantity"]]
            if half:
                failures.append(f"{label} round {round_no}: orders not whole: {half[:3]}")
            seqs = sorted(o["seq"] for o in present.values())
            if seqs != list(range(1, len(seqs) + 1)):
                failures.append(f"{label} round {round_no}: commit numbers have holes")
            print(f"{label} round {round_no}: {len(acked)} acknowledged, {len(extra)} committed without an answer, "
                  f"{len(present)} stored in all", file=sys.stderr)
            if not acked:
                failures.append(f"{label} round {round_no}: no commit was acknowledged before the kill")
    finally:
        server.stop()
    return failures


if __name__ == "__main__":
    sys.exit(run_on_stores(sys.argv, run))
