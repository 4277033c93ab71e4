#!/usr/bin/env python3
"""API test of `opticplan serve`: every operation of docs/api/openapi.json, against the embedded
SQLite store and against a real PostgreSQL server started here (tests/serve/servers.py).

    check_api.py BIN [sqlite|postgresql|both]

Checks statuses, shapes, located errors, roles, the promise/commit/release cycle, that a run's
result is the CLI's --json output byte for byte (after parsing), and at the end that every
operation the OpenAPI document lists was called (and nothing outside it answered 2xx).
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from servers import Postgres, Server  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PLAN_YAML = open(os.path.join(ROOT, "tests/cases/plan/quote-whole-json/plan.yaml")).read()
OPENAPI = json.load(open(os.path.join(ROOT, "docs/api/openapi.json")))

failures = []
called = set()


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def template_of(path):
    """The OpenAPI path template a concrete path matches, or None."""
    path = path.split("?")[0]
    for t in OPENAPI["paths"]:
        rx = "^" + re.sub(r"\{[^}]+\}", "[^/]+", t) + "$"
        if re.match(rx, path):
            return t
    return None


class Client:
    def __init__(self, server):
        self.s = server

    def __call__(self, method, path, body=None, token=None, raw=None, expect=None, headers=None):
        status, out = self.s.call(method, path, body=body, token=token, raw=raw, headers=headers)
        t = template_of(path)
        if 200 <= status < 300:
            check(t is not None, f"{method} {path} answered {status} but is not in the OpenAPI document")
        if t:
            called.add((method.lower(), t))
            op = OPENAPI["paths"][t].get(method.lower())
            check(op is not None, f"{method} {t} is not an operation of the OpenAPI document")
            if op is not None:
                check(str(status) in op["responses"] or status in (401, 403, 413, 500, 503),
                      f"{method} {path}: status {status} is not documented ({list(op['responses'])})")
        if expect is not None:
            check(status == expect, f"{method} {path}: expected {expect}, got {status}: {str(out)[:400]}")
        return status, out


def cli_json(binary, args):
    r = subprocess.run([binary] + args + ["--json"], check=True, capture_output=True, text=True)
    return json.loads(r.stdout)


def same_result(server_result, cli_result, stored_as):
    """A run's result equals the CLI's but for the file names (a stored scenario is ID.yaml)."""
    a, b = json.loads(json.dumps(server_result)), json.loads(json.dumps(cli_result))
    files_a = a.get("scenario_inputs", {}).pop("files", None)
    files_b = b.get("scenario_inputs", {}).pop("files", None)
    check(files_a is not None and files_a[-1] == stored_as and files_a[:-1] == files_b[:-1],
          f"a run names the stored scenario's files: {files_a} vs {files_b}")
    return a == b


def run_suite(binary, db=None):
    label = "postgresql" if db else "sqlite"
    print(f"== {label}", file=sys.stderr)
    server = Server(binary, db=db)
    api = Client(server)
    try:
        # A second server on a busy port refuses to start (no SO_REUSEPORT splitting clients).
        second = subprocess.run([binary, "serve", "--port", str(server.port), "--data", tempfile.mkdtemp()],
                                capture_output=True, text=True, timeout=60)
        check(second.returncode == 2 and "cannot listen" in second.stderr,
              f"a second server on port {server.port} exits 2: {second.returncode} {second.stderr[-300:]}")
        # Run admission: an operator's limit on LP plans refuses one above it before it queues; an
        # LP run below it stops within seconds of a cancel, and of SIGTERM (it would take minutes).
        if not db:
            gen = lambda n: subprocess.run([binary, "gen", "supply", "--orders", str(n)], check=True,
                                           capture_output=True, text=True).stdout
            small = Server(binary, extra=["--max-lp-orders", "200", "--no-shipped"])
            try:
                sapi = Client(small)
                sapi("POST", "/api/scenarios", body={"id": "many", "text": gen(300)}, expect=201)
                st, e = sapi("POST", "/api/runs", body={"scenario": "many", "kind": "plan", "options": {"planner": "lp"}}, expect=422)
                check("--max-lp-orders 200" in e["error"]["message"], f"an LP plan above --max-lp-orders is refused: {e}")
                sapi("POST", "/api/runs", body={"scenario": "many", "kind": "plan"}, expect=202)
                sapi("POST", "/api/scenarios", body={"id": "lp", "text": gen(100)}, expect=201)
                for stop in ("cancel", "sigterm"):
                    st, r = sapi("POST", "/api/runs", body={"scenario": "lp", "kind": "plan", "options": {"planner": "lp"}}, expect=202)
                    deadline = time.time() + 60
                    while time.time() < deadline and sapi("GET", f"/api/runs/{r['id']}")[1]["status"] != "running":
                        time.sleep(0.05)
                    time.sleep(0.5)  # into the solver
                    t0 = time.time()
                    if stop == "cancel":
                        sapi("POST", f"/api/runs/{r['id']}/cancel", expect=200)
                        final = small.wait_run(r["id"])
                        check(final["status"] == "cancelled", f"a cancelled LP run stops: {final}")
                    else:
                        small.stop()
                        check(small.proc.returncode == 0, f"SIGTERM during an LP run ends the server cleanly: {small.proc.returncode}")
                        small.start()
                        sapi = Client(small)
                        final = sapi("GET", f"/api/runs/{r['id']}", expect=200)[1]
                        check(final["status"] in ("cancelled", "failed"), f"an LP run stopped by SIGTERM is not left running: {final}")
                    # Uncancelled, this LP (100 orders of the default generated shape) runs for over 10 minutes
                    # in a release build (docs/supply-format.md); 20 s leaves room for an ASan server on a loaded machine
                    # (10.9 s seen beside a full build), and still fails a cancel that is not heard.
                    check(time.time() - t0 < 20, f"an LP run stops within seconds of {stop}: {time.time() - t0:.1f} s")
            finally:
                small.stop()
            for name in ("opticplan.db", "initial-token"):
                mode = os.stat(os.path.join(server.data, name)).st_mode & 0o777
                check(mode & 0o077 == 0, f"{name} is its owner's only: {oct(mode)}")

        # Public routes.
        st, h = api("GET", "/api/health", token="", expect=200)
        check(h["store"] == label, f"health names the store: {h}")
        st, doc = api("GET", "/api/openapi.json", token="", expect=200)
        check(doc == OPENAPI, "the served OpenAPI document is docs/api/openapi.json")

        # Tokens and roles.
        api("GET", "/api/scenarios", token="", expect=401)
        api("GET", "/api/scenarios", token="opk_" + "0" * 40, expect=401)
        store_flags = ["--data", server.data] + (["--db", db] if db else [])
        read_token = subprocess.run([binary, "token", "create", "--role", "read"] + store_flags, check=True,
                                    capture_output=True, text=True).stdout.strip()
        check(re.fullmatch(r"opk_[0-9a-f]{40}", read_token) is not None, f"a token looks like opk_ + 40 hex: {read_token}")
        r = subprocess.run([binary, "token", "create", "--role", "admin"] + store_flags, capture_output=True, text=True)
        check(r.returncode == 2, "token create --role admin exits 2")
        st, lst = api("GET", "/api/scenarios", token=read_token, expect=200)
        shipped = [s["id"] for s in lst["scenarios"]]
        check("ai-optics-2026" in shipped and "default" in shipped, f"the shipped scenarios are loaded: {shipped}")
        api("POST", "/api/scenarios", body={"text": PLAN_YAML}, token=read_token, expect=403)
        if db is None:
            raw = open(os.path.join(server.data, "opticplan.db"), "rb").read()
            check(read_token.encode() not in raw and server.token.encode() not in raw, "tokens are not stored in clear")

        # Validate.
        st, v = api("POST", "/api/validate", body={"text": PLAN_YAML}, token=read_token, expect=200)
        # A body labelled as a form (curl -d, urllib's default) is read as the document it is, at
        # any size below the limit: not refused above 8 KB for forms (cpp-httplib, the server's first HTTP library, did).
        padded = {"text": "# " + "x" * 20000 + "\n" + PLAN_YAML}
        api("POST", "/api/validate", raw=json.dumps(padded).encode(), token=read_token, expect=200,
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        check(v.get("kinds") == ["plan"], f"validate lists the runs: {v}")
        bad = PLAN_YAML.replace("quantity: 1500", "quantity: lots")
        st, v = api("POST", "/api/validate", body={"id": "draft", "text": bad}, expect=422)
        probs = v["error"]["problems"]
        check(len(probs) == 1 and probs[0]["file"] == "draft.yaml" and probs[0]["line"] == 27 and "orders[1].quantity" in probs[0]["field"],
              f"a bad field is located: {probs}")
        st, v = api("POST", "/api/validate", raw=b'{"text": 5, "colour": 1}', expect=422)
        fields = sorted(p["field"] for p in v["error"]["problems"])
        check(fields == ["colour", "text"] and all(p["file"] == "request.json" for p in v["error"]["problems"]),
              f"request fields are checked and located: {v}")
        st, v = api("POST", "/api/validate", raw=b'{"text": ', expect=422)
        check(v["error"]["problems"][0]["line"] == 1, f"truncated JSON is located: {v}")

        # Scenarios: create, list, get, versions, confinement.
        st, s = api("POST", "/api/scenarios", body={"name": "Quote test", "text": PLAN_YAML}, expect=201)
        check(s["id"] == "quote-test" and s["version"] == 1 and "buyer-a" in s["customers"] and "2026-W01" in s["periods"],
              f"the summary names the scenario's customers and periods: {s}")
        api("POST", "/api/scenarios", body={"name": "Quote test", "text": PLAN_YAML}, expect=409)
        api("POST", "/api/scenarios", body={"id": "Bad Id", "text": PLAN_YAML}, expect=422)
        st, e = api("POST", "/api/scenarios", body={"id": "sneaky", "text": "include: [/etc/passwd]\n"}, expect=422)
        check('refused \\"/etc/passwd\\": shipped files only' in json.dumps(e), f"absolute includes are refused: {e}")
        st, e = api("POST", "/api/scenarios", body={"id": "sneaky", "text": "include: [../../../../etc/passwd]\n"}, expect=422)
        st, e = api("POST", "/api/scenarios", body={"id": "sneaky", "text": "supply:\n  orders_csv: /etc/passwd\n"}, expect=422)
        check('refused \\"/etc/passwd\\": shipped files only' in json.dumps(e), f"file reads are refused: {e}")
        as_json = json.dumps({"name": "JSON scenario", "supply": {"calendar": {"start": "2026-W01", "periods": 2},
                                                                "items": [{"id": "m"}], "suppliers": [{"id": "s", "item": "m", "capacity": 5}]}})
        st, js = api("POST", "/api/scenarios", body={"format": "json", "text": as_json}, expect=201)
        check(js["id"] == "json-scenario" and js["format"] == "json" and js["kinds"] == ["plan"], f"a JSON scenario is stored: {js}")
        st, e = api("POST", "/api/validate", body={"id": "j", "format": "json", "text": as_json.replace('"periods": 2', '"periods": "two"')}, expect=422)
        check(e["error"]["problems"][0]["file"] == "j.json", f"a JSON scenario's problems are located in ID.json: {e}")
        st, one = api("GET", "/api/scenarios/quote-test", expect=200)
        check(one["text"] == PLAN_YAML, "a scenario comes back with its text")
        api("GET", "/api/scenarios/nope", expect=404)
        v2 = PLAN_YAML.replace("capacity: 8000}", "capacity: 16000}")
        check(v2 != PLAN_YAML, "the test's second version differs")
        st, s2 = api("PUT", "/api/scenarios/quote-test", body={"text": v2}, expect=200)
        check(s2["version"] == 2, f"PUT stores version 2: {s2}")
        api("PUT", "/api/scenarios/nope", body={"text": v2}, expect=404)
        api("PUT", "/api/scenarios/quote-test", body={"text": bad}, expect=422)
        st, vs = api("GET", "/api/scenarios/quote-test/versions", expect=200)
        check([x["version"] for x in vs["versions"]] == [1, 2] and all(re.match(r"\d{4}-\d\d-\d\dT", x["created"]) for x in vs["versions"]),
              f"version history: {vs}")
        st, old = api("GET", "/api/scenarios/quote-test/versions/1", expect=200)
        check(old["text"] == PLAN_YAML, "version 1 keeps its text")
        api("GET", "/api/scenarios/quote-test/versions/7", expect=404)

        # Order promising on a scenario of its own (EMLs: 8,000 a week = 1,000 EML modules).
        api("POST", "/api/scenarios", body={"id": "promise", "text": PLAN_YAML}, expect=201)
        order = {"customer": "buyer-b", "requirement": "800G-DR8", "quantity": 500, "due": "2026-W02"}
        st, q = api("POST", "/api/scenarios/promise/quote", body=order, token=read_token, expect=200)
        check(q["order"]["status"] == "on time" and q["promise"] == [{"period": "2026-W02", "item": "mod-eml", "quantity": 500}],
              f"a quote promises a schedule: {q}")
        st, e = api("POST", "/api/scenarios/promise/quote", body={**order, "due": "2031-W99"}, expect=422)
        check(e["error"]["problems"][0]["field"] == "due" and e["error"]["problems"][0]["file"] == "request.json", f"a bad due is located: {e}")
        api("POST", "/api/scenarios/nope/quote", body=order, expect=404)
        st, c = api("POST", "/api/scenarios/promise/commit", body={**order, "id": "po-1", "promise": q["promise"]}, expect=201)
        check(c["committed"] is True and c["order"]["id"] == "po-1", f"a commit answers the committed order: {c}")
        api("POST", "/api/scenarios/promise/commit", body={**order, "id": "po-1"}, expect=409)
        # An id is a path segment of the release URL: one that could never be released is refused.
        for bad in ("../../x", "a/b", "..", "", "x" * 129):
            st, e = api("POST", "/api/scenarios/promise/commit", body={**order, "id": bad}, expect=422)
            check(any(p.get("field") == "id" for p in e["error"]["problems"]), f"a bad order id is located: {e}")
        api("POST", "/api/scenarios/promise/commit", body=order, token=read_token, expect=403)
        # W02 has 1,000 EML modules, 500 now committed: a quote for 800 more is late; its old promise is refused.
        big = {**order, "quantity": 800}
        st, q2 = api("POST", "/api/scenarios/promise/quote", body=big, expect=200)
        st, c2 = api("POST", "/api/scenarios/promise/commit", body={**big, "promise": [{"period": "2026-W02", "item": "mod-eml", "quantity": 800}]}, expect=409)
        check("promise can no longer be met" in c2["error"]["message"] and "quote" in c2["error"], f"a broken promise is refused with a new quote: {c2}")
        st, c3 = api("POST", "/api/scenarios/promise/commit", body={**big, "promise": q2["promise"]}, expect=201)
        st, orders = api("GET", "/api/scenarios/promise/orders", expect=200)
        check([o["id"] for o in orders["orders"]] == ["po-1", "c-2"] and all(o["status"] == "planned" for o in orders["orders"]),
              f"committed orders in commit order: {orders}")
        st, sp = api("GET", "/api/scenarios/promise", expect=200)
        check(sp["committed_orders"] == 2, f"the scenario counts its committed orders: {sp.get('committed_orders')}")
        probe = {**order, "quantity": 4000, "due": "2026-W04"}
        st, before = api("POST", "/api/scenarios/promise/quote", body=probe, expect=200)
        st, rel = api("POST", "/api/scenarios/promise/orders/po-1/release", expect=200)
        check(rel["released"] is True, f"release: {rel}")
        api("POST", "/api/scenarios/promise/orders/po-1/release", expect=409)
        api("POST", "/api/scenarios/promise/orders/nope/release", expect=404)
        st, after = api("POST", "/api/scenarios/promise/quote", body=probe, expect=200)
        check(after["order"]["on_time"] == before["order"]["on_time"] + 500,
              f"a release gives its 500 units back: {before['order']['on_time']} -> {after['order']['on_time']}")
        # A version that cuts the EMLs below what c-2 was promised is refused, naming c-2; forced,
        # it is stored and c-2 is listed as broken, with how.
        cut = PLAN_YAML.replace("{id: eml-co, item: eml, capacity: 8000}", "{id: eml-co, item: eml, capacity: 800}")
        check(cut != PLAN_YAML, "the cut version differs")
        st, e = api("PUT", "/api/scenarios/promise", body={"text": cut}, expect=409)
        check([o["id"] for o in e["error"].get("broken_orders", [])] == ["c-2"] and "force" in e["error"]["message"],
              f"a promise-breaking version is refused, naming the order: {e}")
        api("PUT", "/api/scenarios/promise?force=true", body={"text": cut}, expect=200)
        st, orders = api("GET", "/api/scenarios/promise/orders", expect=200)
        c2 = [o for o in orders["orders"] if o["id"] == "c-2"]
        check(c2 and c2[0]["status"] == "broken" and "promised" in c2[0].get("reason", ""),
              f"a forced version flags the broken order: {orders}")
        api("PUT", "/api/scenarios/promise", body={"text": PLAN_YAML}, expect=200)  # restored: nothing broken
        st, orders = api("GET", "/api/scenarios/promise/orders", expect=200)
        check(all(o["status"] in ("planned", "released") for o in orders["orders"]), f"restored: {orders}")

        # Runs: a plan's result is the CLI's, byte for byte once parsed.
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "plan.yaml")
            open(path, "w").write(PLAN_YAML)
            expected_plan = cli_json(binary, ["plan", path])
            expected_market = cli_json(binary, ["market", os.path.join(ROOT, "tests/cases/market/small-two-classes/market.yaml"), "--runs", "150", "--seed", "7"])
        st, run = api("POST", "/api/runs", body={"scenario": "quote-test", "version": 1, "kind": "plan"}, expect=202)
        done = server.wait_run(run["id"])
        check(done["status"] == "done" and done["progress"] == 1, f"a plan run finishes: {done}")
        st, res = api("GET", f"/api/runs/{run['id']}/result", expect=200)
        check(same_result(res, expected_plan, "quote-test.yaml"), "a plan run's result is `opticplan plan --json`'s")
        st, run2 = api("POST", "/api/runs", body={"scenario": "quote-test", "kind": "plan", "options": {"planner": "lp"}}, expect=202)
        check(server.wait_run(run2["id"])["status"] == "done", "an LP plan run finishes")
        st, cmp = api("GET", f"/api/compare?a={run['id']}&b={run2['id']}", expect=200)
        check(cmp["schema"] == "opticplan.run-compare" and cmp["kind"] == "plan" and any(m["measure"] == "fill_rate" for m in cmp["measures"]),
              f"two plans compare: {str(cmp)[:300]}")
        st, html = api("GET", f"/api/runs/{run['id']}/report", expect=200)
        check(isinstance(html, str) and html.startswith("<!DOCTYPE html>") and "echarts" in html, "a run's report is the HTML report")
        st, charts = api("GET", f"/api/runs/{run['id']}/charts", expect=200)
        check(charts["kind"] == "plan" and len(charts["sections"]) > 3 and all("chart" in s for s in charts["sections"]),
              "a run's charts are the report model")
        mk = open(os.path.join(ROOT, "tests/cases/market/small-two-classes/market.yaml")).read()
        api("POST", "/api/scenarios", body={"id": "market", "text": mk}, expect=201)
        st, m1 = api("POST", "/api/runs", body={"scenario": "market", "kind": "market", "options": {"runs": 150, "seed": 7}}, expect=202)
        check(server.wait_run(m1["id"])["status"] == "done", "a market run finishes")
        st, mres = api("GET", f"/api/runs/{m1['id']}/result", expect=200)
        check(same_result(mres, expected_market, "market.yaml"), "a market run's result is `opticplan market --json`'s (150 runs in 3 interleaved chunks, same bytes)")
        st, mcmp = api("GET", f"/api/compare?a={m1['id']}&b={m1['id']}", expect=200)
        check(mcmp["schema"] == "opticplan.market-compare", "markets compare as market-compare")
        api("GET", f"/api/compare?a={m1['id']}&b={run['id']}", expect=422)
        api("GET", f"/api/compare?a={m1['id']}", expect=422)
        api("GET", "/api/compare?a=99999&b=1", expect=404)
        for kind, schema in (("fabric", "opticplan.fabric"), ("link", "opticplan.link")):
            st, r = api("POST", "/api/runs", body={"scenario": "default", "kind": kind}, expect=202)
            done = server.wait_run(r["id"])
            st, res = api("GET", f"/api/runs/{r['id']}/result", expect=200)
            check(done["status"] == "done" and res.get("schema") == schema, f"a {kind} run of the shipped default scenario: {done}")
        st, e = api("POST", "/api/runs", body={"scenario": "market", "kind": "market", "options": {"runs": 100001}}, expect=422)
        check(any(p.get("field") == "options.runs" for p in e["error"]["problems"]), f"runs above --max-runs are refused, located: {e}")
        st, big_run = api("POST", "/api/runs", body={"scenario": "market", "kind": "market", "options": {"runs": 100000}}, expect=202)
        deadline = time.time() + 60
        while time.time() < deadline:  # cancel it once it runs (a queued run's cancel is the easy case)
            st, now = api("GET", f"/api/runs/{big_run['id']}", expect=200)
            if now["status"] == "running" and now["progress"] > 0:
                break
            time.sleep(0.05)
        check(now["status"] == "running" and 0 < now["progress"] < 1, f"a long market run reports its progress: {now}")
        st, cancelled = api("POST", f"/api/runs/{big_run['id']}/cancel", expect=200)
        final = server.wait_run(big_run["id"])
        check(final["status"] == "cancelled", f"a cancelled run stops: {final}")
        api("GET", f"/api/runs/{big_run['id']}/result", expect=409)
        api("POST", "/api/runs", body={"scenario": "quote-test", "kind": "fabric"}, expect=422)
        api("POST", "/api/runs", body={"scenario": "quote-test", "kind": "plan", "options": {"planner": "magic"}}, expect=422)
        api("POST", "/api/runs", body={"scenario": "nope", "kind": "plan"}, expect=404)
        st, runs = api("GET", "/api/runs?scenario=market", expect=200)
        check([r["id"] for r in runs["runs"]] == [big_run["id"], m1["id"]], f"runs of a scenario, newest first: {runs}")
        api("GET", f"/api/runs/{run['id']}", expect=200)
        api("GET", "/api/runs/999999", expect=404)

        # Deeply nested JSON is refused before it is parsed: the server's peak memory barely moves
        # (it was 170x the body).
        def peak_kb():
            with open(f"/proc/{server.proc.pid}/status") as f:
                return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
        before = peak_kb()
        st, e = api("POST", "/api/validate", raw=b"[" * (8 << 20), token=read_token, expect=422)
        check("nesting is too deep" in json.dumps(e), f"deep JSON is refused as too deep: {str(e)[:300]}")
        check(peak_kb() - before < 150_000, f"deep JSON costs the server little memory: {peak_kb() - before} kB more at peak")

        # Limits, unknown routes, static files.
        st, e = api("POST", "/api/validate", raw=b'{"text": "' + b"x" * (17 << 20) + b'"}', expect=413)
        st, e = server.call("GET", "/api/nothing-here")
        check(st == 404, "unknown API routes are 404")
        st, e = server.call("GET", "/../../etc/passwd")
        check(st in (400, 404) and "root:" not in str(e), "no path traversal in static files")
        st, e = server.call("GET", "/%2e%2e/%2e%2e/etc/passwd")
        check(st in (400, 404) and "root:" not in str(e), "no encoded path traversal in static files")

        # Tokens: listed without their secret, revoked by id; a running server refuses a revoked
        # token once its short role cache (2 s) has passed.
        listed = subprocess.run([binary, "token", "list"] + store_flags, check=True, capture_output=True, text=True).stdout
        rows = [line.split("\t") for line in listed.strip().splitlines()[1:]]
        check([r[1] for r in rows] == ["write", "read"] and read_token not in listed and server.token not in listed,
              f"token list shows ids and roles, never tokens: {listed}")
        r = subprocess.run([binary, "token", "revoke", "999"] + store_flags, capture_output=True, text=True)
        check(r.returncode == 2 and "no token 999" in r.stderr, f"revoking an unknown token exits 2: {r.stderr}")
        subprocess.run([binary, "token", "revoke", rows[1][0]] + store_flags, check=True)
        time.sleep(2.5)
        api("GET", "/api/scenarios", token=read_token, expect=401)

        # Delete.
        api("DELETE", "/api/scenarios/quote-test", expect=204)
        api("GET", "/api/scenarios/quote-test", expect=404)
        api("DELETE", "/api/scenarios/quote-test", expect=404)
        api("GET", f"/api/runs/{run['id']}", expect=404)

        # Restart: everything is still there.
        server.stop()
        server.start()
        # A scenario with committed orders has its plan built at start, not by the first quote.
        deadline = time.time() + 120
        while time.time() < deadline:
            st, sc = api("GET", "/api/scenarios/promise?text=false", expect=200)
            if sc.get("promising") == "ready":
                break
            time.sleep(0.05)
        check(sc.get("promising") == "ready" and "text" not in sc,
              f"a scenario with commitments is prepared at start, before any quote: {sc.get('promising')}")
        st, orders = api("GET", "/api/scenarios/promise/orders", expect=200)
        check([(o["id"], o["status"]) for o in orders["orders"]] == [("po-1", "released"), ("c-2", "planned")],
              f"commitments survive a restart: {orders}")
    finally:
        server.stop()

    ops = {(m, p) for p, item in OPENAPI["paths"].items() for m in item if m in ("get", "post", "put", "delete")}
    missing = sorted(ops - called)
    check(not missing, f"{label}: operations never called: {missing}")


def main():
    binary = sys.argv[1]
    which = sys.argv[2] if len(sys.argv) > 2 else "both"
    if which in ("sqlite", "both"):
        called.clear()
        run_suite(binary)
    if which in ("postgresql", "both"):
        called.clear()
        pg = Postgres()
        run_suite(binary, db=pg.new_database())
    if failures:
        print(f"{len(failures)} failures", file=sys.stderr)
        return 1
    print("api: all checks passed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
