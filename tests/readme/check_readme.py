#!/usr/bin/python3
"""The README keeps its promise: it opens with exactly two commands, `scripts/setup && <main job>`
and `scripts/test`; .ci/run runs that test command; and the main job, run with the binary under
test, exits 0 and prints its report.

Usage: check_readme.py OPTICPLAN_BINARY REPO_DIR
"""
import os
import re
import shlex
import subprocess
import sys


def main():
    binary, repo = sys.argv[1], sys.argv[2]
    with open(os.path.join(repo, "README.md")) as f:
        text = f.read()
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    if not block or text.index("```sh") > text.index("\n", text.index("# opticplan")) + 2:
        print("FAIL the README does not open with a sh block of commands")
        return 1
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.split("#")[0].strip()]
    if len(commands) != 2 or not commands[0].startswith("scripts/setup && ") or commands[1] != "scripts/test":
        print(f"FAIL expected `scripts/setup && MAIN` and `scripts/test`, got {commands}")
        return 1
    with open(os.path.join(repo, ".ci", "run")) as f:
        ci = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    if "scripts/test" not in ci:
        print("FAIL .ci/run does not run scripts/test")
        return 1
    main_job = shlex.split(commands[0][len("scripts/setup && "):])
    if main_job[0] != "build/release/src/opticplan":
        print(f"FAIL the main job does not run build/release/src/opticplan: {main_job}")
        return 1
    env = dict(os.environ, OPTICPLAN_DATA=os.path.join(repo, "data"))
    proc = subprocess.run([binary] + main_job[1:], cwd=repo, env=env, capture_output=True, text=True)
    if proc.returncode != 0 or len(proc.stdout) < 200:
        print(f"FAIL the main job exited {proc.returncode} with {len(proc.stdout)} bytes: {proc.stderr[-2000:]}")
        return 1
    print(f"ok   README: two commands; .ci/run runs scripts/test; main job `{' '.join(main_job[1:])}` "
          f"exits 0 ({len(proc.stdout)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
