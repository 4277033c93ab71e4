"""bench/serve/run's table: reads the load client's PACED lines and wrk's RESULT lines on stdin,
prints a Markdown table, and exits 1 unless the 2,000/s paced row meets issue 9's targets."""
import re
import sys

print("| load | connections | quotes | quotes/s | p50 ms | p90 ms | p99 ms | max ms | errors |")
print("|---|---|---|---|---|---|---|---|---|")
ok = False
for line in sys.stdin:
    r = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", line)}
    if line.startswith("PACED"):
        load, n, rate, err = "paced %s/s" % format(r["offered"], ",.0f"), r["requests"], r["achieved"], r["errors"]
        if "slow" in r:
            load += " + %d slow sockets" % r["slow"]
        p50, p90, p99, mx = r["p50_ms"], r["p90_ms"], r["p99_ms"], r["max_ms"]
        if r["offered"] == 2000:
            ok = (ok if "slow" in r else True) and rate >= 1990 and p99 < 10 and err == 0
    elif line.startswith("RESULT"):
        load, n, rate = "saturated (wrk)", r["requests"], r["requests"] / (r["duration_us"] / 1e6)
        err = sum(v for k, v in r.items() if k.startswith("errors_"))
        p50, p90, p99, mx = r["p50_us"] / 1e3, r["p90_us"] / 1e3, r["p99_us"] / 1e3, r["max_us"] / 1e3
    else:
        continue
    print(f"| {load} | {r['connections']:.0f} | {n:,.0f} | {rate:,.0f} | {p50:.2f} | {p90:.2f} | {p99:.2f} | {mx:.1f} | {err:.0f} |")
print()
print("targets (2,000 quotes/s from 32 connections, p99 < 10 ms, no errors, with and without 500 slow sockets):", "met" if ok else "NOT met")
sys.exit(0 if ok else 1)
