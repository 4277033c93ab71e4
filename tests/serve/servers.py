"""Starts what the service tests need: a throw-away PostgreSQL server and `opticplan serve`.

PostgreSQL is Debian's (package postgresql, installed by scripts/setup): a new cluster in a
temporary folder (initdb, trust auth, loopback only, a free port), run as the postgres user when
the tests run as root (PostgreSQL refuses root), stopped and removed at exit. Each test gets a
database of its own. The server is the binary under test, on a free port, with a fresh --data
folder; its first write token is read from DATA/initial-token.
"""
import atexit
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

PG_BIN = "/usr/lib/postgresql/15/bin"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """A PostgreSQL cluster of our own, for the length of the test process."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="opticplan-pg-")
        self.port = free_port()
        self.as_root = os.getuid() == 0
        if self.as_root:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        data = os.path.join(self.dir, "data")
        self._run([f"{PG_BIN}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"])
        self._run([f"{PG_BIN}/pg_ctl", "-D", data, "-l", os.path.join(self.dir, "log"), "-w", "-t", "60", "-o",
                   f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=on", "start"])
        atexit.register(self.stop)
        self.count = 0

    def _run(self, cmd):
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def new_database(self, prefix="t"):
        self.count += 1
        name = f"{prefix}{os.getpid()}_{self.count}"
        subprocess.run([f"{PG_BIN}/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q", "-c",
                        f"CREATE DATABASE {name}"], check=True, stdout=subprocess.DEVNULL)
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self):
        try:
            self._run([f"{PG_BIN}/pg_ctl", "-D", os.path.join(self.dir, "data"), "-m", "immediate", "stop"])
        except Exception:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


class Server:
    """`opticplan serve` on a free port; stop() ends it (SIGTERM), kill() with SIGKILL."""

    def __init__(self, binary, data=None, db=None, extra=()):
        self.binary, self.db = binary, db
        self.data = data or tempfile.mkdtemp(prefix="opticplan-serve-")
        self.extra = list(extra)
        self.start()

    def start(self):
        cmd = [self.binary, "serve", "--port", "0", "--data", self.data] + self.extra
        if self.db:
            cmd += ["--db", self.db]
        self.log = open(os.path.join(self.data, "server.log"), "ab")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.PIPE)
        line = b""
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                break
            self.log.write(line)
            m = re.search(rb"listening on http://([0-9.]+):(\d+)", line)
            if m:
                self.port = int(m.group(2))
                break
        else:
            raise RuntimeError("the server did not start")
        if not hasattr(self, "port") or self.proc.poll() is not None:
            raise RuntimeError("the server did not start: " + line.decode(errors="replace") + self.proc.stderr.read().decode(errors="replace"))
        # Keep draining stderr so that the server never blocks on a full pipe.
        import threading
        threading.Thread(target=lambda: shutil.copyfileobj(self.proc.stderr, self.log), daemon=True).start()
        with open(os.path.join(self.data, "initial-token")) as f:
            self.token = f.read().strip()
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)

    def kill(self):
        self.proc.kill()
        self.proc.wait(timeout=30)

    def call(self, method, path, body=None, token=None, raw=None, headers=None):
        """(status, parsed JSON or text) of one request."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else (b"" if method != "GET" else None))
        req = urllib.request.Request(self.url + path, data=data, method=method)
        tok = self.token if token is None else token
        if tok:
            req.add_header("Authorization", "Bearer " + tok)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                status, text, ctype = r.status, r.read().decode(), r.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            status, text, ctype = e.code, e.read().decode(), e.headers.get("Content-Type", "")
        if "json" in ctype and text:
            return status, json.loads(text)
        return status, text

    def wait_run(self, run, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            status, r = self.call("GET", f"/api/runs/{run}")
            if r["status"] not in ("queued", "running"):
                return r
            time.sleep(0.05)
        raise AssertionError(f"run {run} did not finish")


def run_on_stores(argv, run):
    """The tests' main: `argv[1]` is the binary, `argv[2]` sqlite, postgresql or both (default);
    `run(binary, db_url_or_None)` returns a list of failures. Returns the exit code."""
    binary, which = argv[1], argv[2] if len(argv) > 2 else "both"
    failures = []
    if which in ("sqlite", "both"):
        failures += run(binary, None)
    if which in ("postgresql", "both"):
        failures += run(binary, Postgres().new_database())
    for f in failures:
        print("FAIL:", f, flush=True)
    return 1 if failures else 0
