"""Start real `orbis worker` processes against the database the running test uses."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import quote

from django.db import connection


def database_url() -> str:
    """A DATABASE_URL for the test database (a file for SQLite, a named database on PostgreSQL)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        assert name and ":memory:" not in name and "mode=memory" not in name, name
        return f"sqlite:///{name}"
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(*args: str, worker_id: str) -> subprocess.Popen[str]:
    """`orbis worker` on the test database; its log goes to the returned process's stdout."""
    env = {**os.environ, "DATABASE_URL": database_url(), "ORBIS_DEV": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "orbis.cli", "worker", "--no-startup-delay",
         "--worker-id", worker_id, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
