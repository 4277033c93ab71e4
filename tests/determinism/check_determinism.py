#!/usr/bin/python3
"""Same input, same output, byte for byte: every shipped scenario runs twice with identical JSON,
and every market simulation (shipped or in tests/cases/market) gives identical JSON on 1 and on 2
threads.

Usage: check_determinism.py OPTICPLAN_BINARY REPO_DIR
"""
import glob
import os
import subprocess
import sys


def run(binary, repo, args):
    env = dict(os.environ, OPTICPLAN_DATA=os.path.join(repo, "data"))
    proc = subprocess.run([binary] + args, cwd=repo, env=env, capture_output=True)
    return proc.returncode, proc.stdout


def main():
    binary, repo = sys.argv[1], sys.argv[2]
    failures = 0
    checks = 0
    for path in sorted(glob.glob(os.path.join(repo, "data", "scenarios", "*.yaml"))):
        rel = os.path.relpath(path, repo)
        first, second = run(binary, repo, ["run", rel, "--json"]), run(binary, repo, ["run", rel, "--json"])
        checks += 1
        if first[0] != 0 or first != second:
            print(f"FAIL run {rel}: exit {first[0]}/{second[0]}, outputs {'differ' if first[1] != second[1] else 'match'}")
            failures += 1
        else:
            print(f"ok   run {rel} ({len(first[1])} bytes, twice)")
    markets = sorted(glob.glob(os.path.join(repo, "data", "scenarios", "*.yaml")) +
                     glob.glob(os.path.join(repo, "tests", "cases", "market", "*", "*.yaml")))
    for path in markets:
        rel = os.path.relpath(path, repo)
        with open(path) as f:
            if "\nmarket:" not in f.read():
                continue
        one = run(binary, repo, ["market", rel, "--json", "--threads", "1"])
        two = run(binary, repo, ["market", rel, "--json", "--threads", "2"])
        checks += 1
        if one[0] != 0 or one != two:
            print(f"FAIL market {rel}: 1 and 2 threads differ or fail")
            failures += 1
        else:
            print(f"ok   market {rel} (1 and 2 threads identical)")
    print(f"{checks - failures} passed, {failures} failed")
    return 1 if failures or checks == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
