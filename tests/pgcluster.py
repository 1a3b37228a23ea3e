"""A throwaway PostgreSQL cluster for the tests: Debian's initdb and pg_ctl, a temporary folder, a free port.

Used when no server answers at 127.0.0.1:5432 (or when POSTERS_TEST_PG=throwaway asks
for it). initdb refuses to run as root, so as root the cluster belongs to the `postgres`
user (runuser); otherwise to the user running the tests. Trust authentication, listening
on 127.0.0.1 only, fsync off (nothing in it outlives the run); stop() removes everything.
"""
from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class ClusterUnavailable(Exception):
    """No PostgreSQL binaries here, or the cluster would not start; the message says which."""


def postgres_bin() -> Path | None:
    """The newest /usr/lib/postgresql/N/bin holding initdb and pg_ctl (Debian's layout); None without one."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb") if Path(p).with_name("pg_ctl").exists()]
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0) if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayCluster:
    """initdb + pg_ctl start in a temporary folder; .url is the admin URL; .stop() ends and removes it."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        if self.bin is None:
            raise ClusterUnavailable("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin "
                                     "(apt-get install postgresql)")
        self.as_postgres = os.geteuid() == 0
        self.folder = Path(tempfile.mkdtemp(prefix="posters-pg-"))
        self.data, self.socket_dir, self.log = self.folder / "data", self.folder / "socket", self.folder / "server.log"
        self.port = _free_port()
        self.running = False

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.folder)

    def start(self) -> "ThrowawayCluster":
        try:
            self.socket_dir.mkdir()
            if self.as_postgres:
                user = pwd.getpwnam("postgres")
                for p in (self.folder, self.socket_dir):
                    os.chown(p, user.pw_uid, user.pw_gid)
        except (KeyError, OSError) as exc:
            self._remove()
            raise ClusterUnavailable(f"cannot prepare a folder for the postgres user: {exc}") from None
        os.chmod(self.folder, 0o700)
        init = self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                         "--locale=C", "--no-sync")
        if init.returncode != 0:
            self._remove()
            raise ClusterUnavailable(f"initdb failed: {(init.stderr or init.stdout).strip()[-500:]}")
        options = (f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        started = self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "-t", "60",
                            "start")
        if started.returncode != 0:
            log = self.log.read_text(errors="replace")[-800:] if self.log.exists() else ""
            self._remove()
            raise ClusterUnavailable(f"pg_ctl start failed: {started.stderr.strip()[-300:]} {log}")
        self.running = True
        atexit.register(self.stop)  # also when the session ends without running its finalizers
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.running:
            self.running = False
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30", "stop", timeout=60)
            deadline = time.monotonic() + 10
            while self.answers() and time.monotonic() < deadline:
                time.sleep(0.1)
        self._remove()

    def _remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
