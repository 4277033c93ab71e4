#!/usr/bin/python3
"""MPI and threads give the same result: `mpirun -n RANKS opticplan COMMAND ... --mpi` on localhost
must print byte-identical JSON to the threaded run on one process. For a market, runs draw from their
own generators and rank 0 puts the gathered runs back in run order; for a sourcing decision, every
rank solves the same SAA and the futures each rank evaluated are summed into all of them.

Usage: check_mpi.py OPTICPLAN_BINARY REPO_DIR [RANKS COMMAND ARGS...]
       (default: 2 ranks, the shipped market scenario)
"""
import os
import shutil
import subprocess
import sys

SCENARIO = "data/scenarios/ai-optics-2026.yaml"
ARGS = ["market", SCENARIO, "--json", "--runs", "200", "--seed", "11"]


def main():
    binary, repo = sys.argv[1], sys.argv[2]
    ranks, args = (sys.argv[3], sys.argv[4:]) if len(sys.argv) > 4 else ("2", ARGS)
    mpirun = shutil.which("mpirun")
    if not mpirun:
        print("FAIL mpirun not found (scripts/setup installs openmpi-bin)")
        return 1
    env = dict(os.environ, OPTICPLAN_DATA=os.path.join(repo, "data"),
               OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_btl="self,vader", OMPI_MCA_plm_rsh_agent="",
               ASAN_OPTIONS="detect_leaks=0")  # OpenMPI's own allocations are not ours to fix
    threaded = subprocess.run([binary] + args + ["--threads", "2"], cwd=repo, env=env, capture_output=True)
    mpi = subprocess.run([mpirun, "-n", ranks, "--oversubscribe", binary] + args + ["--mpi"], cwd=repo, env=env,
                         capture_output=True, timeout=600)
    if threaded.returncode != 0 or mpi.returncode != 0:
        print(f"FAIL exit codes: threaded {threaded.returncode}, mpirun {mpi.returncode}")
        print(mpi.stderr.decode()[-3000:])
        return 1
    if threaded.stdout != mpi.stdout:
        print(f"FAIL outputs differ ({len(threaded.stdout)} vs {len(mpi.stdout)} bytes)")
        return 1
    print(f"ok   {ranks} MPI ranks and 2 threads give identical JSON for {args[0]} ({len(mpi.stdout)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
