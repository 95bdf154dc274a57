"""The `orbis` command passes anything it does not know to manage.py and has usage help."""

import subprocess
import sys
from typing import Any

import pytest

from orbis import cli
from orbis.cli import main


def test_help_lists_the_commands(capsys: Any) -> None:
    assert main(["--help"]) == 0

    out = capsys.readouterr().out
    for command in (
        "orbis run",
        "orbis worker",
        "orbis demo",
        "orbis token create",
        "orbis audit verify",
    ):
        assert command in out


@pytest.mark.django_db
def test_other_commands_go_to_manage_py(capsys: Any) -> None:
    assert main(["showmigrations", "audit"]) == 0

    assert "[X] 0001_initial" in capsys.readouterr().out


def test_an_unknown_command_fails() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "orbis.cli", "no_such_command"], capture_output=True, text=True,
        env={"ORBIS_DEV": "1", "PATH": ""}, check=False,
    )  # fmt: skip

    assert done.returncode == 1
    assert "Unknown command: 'no_such_command'" in done.stderr


def test_the_web_server_keeps_connections_alive_with_the_configured_workers() -> None:
    command = cli.web_command()
    assert command[command.index("--worker-class") + 1] == "gthread"
    assert command[command.index("--workers") + 1] == cli.WEB_WORKERS
    assert command[command.index("--threads") + 1] == cli.WEB_THREADS
    assert command[command.index("--bind") + 1] == cli.BIND


def test_a_worker_that_dies_is_restarted_with_a_back_off_and_the_web_server_stays(
    tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(cli, "RESTART_FIRST_SECONDS", 0.1)
    starts = tmp_path / "starts"
    worker = [sys.executable, "-c", f"open({str(starts)!r}, 'a').write('x'); raise SystemExit(3)"]
    web = [sys.executable, "-c", "import time; time.sleep(60)"]

    def started() -> int:
        return len(starts.read_text()) if starts.exists() else 0

    code = cli.run_together(
        {"web": web, "worker": worker}, restart=("worker",), should_stop=lambda: started() >= 3
    )

    assert code == 0  # stopped by us, not by a process that gave up
    assert started() >= 3


def test_when_the_web_server_stops_everything_stops_with_its_code() -> None:
    web = [sys.executable, "-c", "raise SystemExit(4)"]
    worker = [sys.executable, "-c", "import time; time.sleep(60)"]

    assert cli.run_together({"web": web, "worker": worker}, restart=("worker",)) == 4


def test_each_instance_has_its_own_gunicorn_control_socket(monkeypatch: Any, tmp_path: Any) -> None:
    monkeypatch.setenv("ORBIS_DATA_DIR", str(tmp_path))

    command = cli.web_command()

    assert command[command.index("--control-socket") + 1] == str(tmp_path / "gunicorn.ctl")
