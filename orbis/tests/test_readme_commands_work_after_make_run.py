"""Every `orbis` command the README lists works as written after `make run`, in a shell that
has no ORBIS_DEV=1: `make run` leaves its development settings in the data directory."""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ORBIS = ".venv/bin/orbis"  # as the README writes it, from the checkout
# Smaller than the README's figures, which are there to show the options, not to wait for.
DEMO_CONTACTS = "30"


def readme_commands() -> list[list[str]]:
    """Each `orbis ...` command line in the README's shell blocks, comments dropped."""
    readme = (ROOT / "README.md").read_text()
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", readme, re.S):
        for line in block.splitlines():
            found = re.search(r"(?:^|\$\()(?:\.venv/bin/)?(orbis [^#)]*)", line)
            if found:
                commands.append(shlex.split(found.group(1)))
    return commands


def shell_env(data_dir: Path) -> dict[str, str]:
    """A new user's shell: none of the switches the test suite runs with, SQLite in data_dir."""
    dropped = {
        "ORBIS_DEV", "ORBIS_DEBUG", "ORBIS_HTTPS", "ORBIS_SECRET_KEY", "ORBIS_KEYRING",
        "ORBIS_KEYRING_FILE", "DATABASE_URL", "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE", "MAKEFLAGS", "MFLAGS", "MAKELEVEL",
    }  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return {**env, "ORBIS_DATA_DIR": str(data_dir), "ORBIS_WEB_WORKERS": "1"}


def orbis(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ORBIS, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def after_make_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What `make run` does before it starts the server (its recipe, as make prints it), with a
    smaller demo; the returned environment is the new user's shell afterwards."""
    env = shell_env(tmp_path_factory.mktemp("make-run"))
    # -o install: the run recipe alone, never an install (pip, catalogs) the suite has had.
    make = ["make", "--no-print-directory", "-n", "-o", "install", "run"]
    recipe = subprocess.run(
        [*make, f"DEMO_CONTACTS={DEMO_CONTACTS}"],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    steps, last = recipe.rstrip().rsplit("\n", 1)
    assert last.endswith(f"{ORBIS} run"), recipe  # the server, which the tests below start
    done = subprocess.run(
        ["bash", "-ec", steps],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return env


def test_the_readme_lists_only_commands_tested_here() -> None:
    tested = {
        ("run",), ("worker",), ("demo",), ("token", "create"), ("audit", "verify"),
        ("keys", "status"), ("keys", "rotate"), ("migrate",),
    }  # fmt: skip
    listed = {
        tuple(c[1:3]) if c[1] in {"token", "audit", "keys"} else (c[1],) for c in readme_commands()
    }
    assert listed == tested


def test_token_create_prints_the_token_the_api_example_uses(after_make_run: dict[str, str]) -> None:
    # TOKEN=$(.venv/bin/orbis token create emea.rep)
    done = orbis(after_make_run, "token", "create", "emea.rep")

    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"orb_\S+", done.stdout.strip())


def test_the_listed_commands_succeed(after_make_run: dict[str, str]) -> None:
    for command in [
        ["token", "create", "emea.rep", "--name", "CRM sync", "--scopes", "read"],
        ["audit", "verify"],
        ["keys", "status"],
        ["keys", "rotate", "--region", "emea", "--new-key"],
        ["migrate"],
    ]:
        done = orbis(after_make_run, *command)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert "audit chain intact" in orbis(after_make_run, "audit", "verify").stdout


def test_demo_runs_as_listed(after_make_run: dict[str, str]) -> None:
    """`orbis demo --contacts N --seed 7` loads into an empty database only, as the README says;
    after `make run` it answers so (a full demo load is what the make run recipe above did)."""
    done = orbis(after_make_run, "demo", "--contacts", DEMO_CONTACTS, "--seed", "7")

    assert done.returncode == 1
    assert "The database holds data already" in done.stderr, done.stderr


@pytest.fixture
def started(after_make_run: dict[str, str]) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`orbis run` on a free port; stopped by its own process id afterwards."""
    bind = f"127.0.0.1:{free_port()}"
    process = subprocess.Popen(
        [ORBIS, "run"], env={**after_make_run, "ORBIS_BIND": bind}, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        yield process, bind
    finally:
        process.terminate()
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def test_orbis_run_serves_the_api_example(
    after_make_run: dict[str, str], started: tuple[subprocess.Popen[str], str]
) -> None:
    process, bind = started
    token = orbis(after_make_run, "token", "create", "emea.rep").stdout.strip()
    # curl -H "Authorization: Bearer $TOKEN" ".../api/v1/contacts?country=DE&limit=5"
    request = urllib.request.Request(
        f"http://{bind}/api/v1/contacts?country=DE&limit=5",
        headers={"Authorization": f"Bearer {token}"},
    )
    deadline = time.monotonic() + 120
    while True:
        assert process.poll() is None, process.communicate()[0]
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                body = json.load(response)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)

    assert body["items"] and {item["country"] for item in body["items"]} == {"DE"}


def test_orbis_worker_starts(after_make_run: dict[str, str]) -> None:
    process = subprocess.Popen(
        [ORBIS, "worker"], env=after_make_run, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        time.sleep(5)  # settings are read, and refused, within the first second
        assert process.poll() is None, process.communicate()[0]
    finally:
        process.terminate()
        process.communicate(timeout=30)
