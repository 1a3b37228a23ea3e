"""The web application's configuration: one object, built once, never read from globals at import time."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA = Path("posters-data")


@dataclass
class WebConfig:
    """Where the data lives and how the server behaves; create_app(config) takes one of these."""

    data_dir: Path = DEFAULT_DATA
    database_url: str | None = None  # default: SQLite in data_dir
    redis_url: str | None = None  # default: SQLite-backed job queue in data_dir
    queue_name: str = "posters"
    secret_key: str | None = None  # default: data_dir/secret_key (created 0600)
    idle_minutes: int = 30
    database_busy_seconds: float = 30  # SQLite: how long a write waits for a lock before the request gets a 503
    secure_cookies: bool = False  # set behind HTTPS (serve --https-proxy)
    jobs_immediate: bool = False  # run jobs inline (tests of views only)
    login_max_failures_account: int = 5
    login_max_failures_address: int = 20
    login_window_minutes: int = 15
    testing: bool = False
    extra: dict = field(default_factory=dict)

    def prepare(self) -> WebConfig:
        """Create the data folder (0700) and fill the defaults from it; returns self."""
        self.data_dir = Path(self.data_dir).resolve()
        make_private_dir(self.data_dir)
        make_private_dir(self.data_dir / "cache")
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'posters.db'}"
        for name in ("posters.db", "jobs.db"):  # SQLite opens what exists: create them private first
            path = self.data_dir / name
            if not path.exists():
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        if not self.secret_key:
            self.secret_key = _secret_in(self.data_dir / "secret_key")
        return self

    @property
    def is_sqlite(self) -> bool:
        return str(self.database_url).startswith("sqlite")


def make_private_dir(path: Path) -> None:
    """mkdir -p with mode 0700 (and tighten an existing folder of ours)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def _secret_in(path: Path) -> str:
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()
