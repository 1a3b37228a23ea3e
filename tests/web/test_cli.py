"""`posters users add|token|disable` and `posters serve` as a person runs them."""
from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
import urllib.request

import pytest

from posters.cli import main


def _users(monkeypatch, capsys, *args, stdin=""):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["users", *args])
    return code, capsys.readouterr()


def test_users_add_token_disable(tmp_path, monkeypatch, capsys):
    data = str(tmp_path / "data")
    code, out = _users(monkeypatch, capsys, "add", "tasha", "--role", "reviewer", "--role", "case_manager",
                       "--full-name", "Tasha Okonkwo", "--data", data, stdin="a long enough password\n")
    assert code == 0 and "added tasha with roles case_manager, reviewer" in out.out
    code, out = _users(monkeypatch, capsys, "add", "tasha", "--role", "reviewer", "--data", data,
                       stdin="a long enough password\n")
    assert code == 2 and "there is already a user named tasha" in out.err
    code, out = _users(monkeypatch, capsys, "add", "short", "--role", "reviewer", "--data", data, stdin="short\n")
    assert code == 2 and "at least 10 characters" in out.err
    code, out = _users(monkeypatch, capsys, "token", "tasha", "--data", data)
    token = out.out.strip()
    assert code == 0 and token.startswith("pst_") and len(token) > 40
    db_bytes = (tmp_path / "data" / "posters.db").read_bytes()
    assert token.encode() not in db_bytes  # stored hashed only
    assert b"a long enough password" not in db_bytes
    code, out = _users(monkeypatch, capsys, "disable", "tasha", "--data", data)
    assert code == 0 and "disabled tasha" in out.out
    code, out = _users(monkeypatch, capsys, "token", "nobody", "--data", data)
    assert code == 2 and "there is no user named nobody" in out.err
    mode = stat.S_IMODE(os.stat(tmp_path / "data").st_mode)
    assert mode == 0o700
    for name in ("posters.db", "secret_key"):
        assert stat.S_IMODE(os.stat(tmp_path / "data" / name).st_mode) == 0o600, name


def test_serve_answers_healthz_and_stops(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "posters", "serve", "--data", str(tmp_path / "d"),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert json.loads(r.read()) == {"status": "ok"}
                    assert r.headers["Server"] == "posters"  # waitress, not the development server
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"serve did not start: {proc.stdout.read() if proc.poll() is not None else 'timeout'}")
                time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
