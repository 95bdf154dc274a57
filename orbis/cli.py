"""The `orbis` command: run the app, the worker and the project's commands; wraps manage.py.

orbis run                      web server (gunicorn), task worker and scheduler; Ctrl-C stops all
orbis worker                   the task worker alone
orbis scheduler                the periodic job scheduler alone (enqueues due jobs)
orbis fx load | fx refresh     ECB exchange rates: the shipped history / the feed now
orbis demo [--contacts N ...]  demo data (manage.py demo)
orbis token create USERNAME    a new API token for USERNAME, printed once
orbis audit verify             check the audit hash chain
orbis keys status              how many stored values each encryption key seals
orbis keys new --region X      a new current key version for a region (keyring file)
orbis keys rotate [--region X] [--batch N] [--new-key]
                               re-encrypt values sealed by keys no longer current
orbis <anything else>          passed to manage.py (orbis migrate, orbis shell, ...)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

from orbis import development

BIND = os.environ.get("ORBIS_BIND", "127.0.0.1:8000")
# gunicorn sizing for one small machine; override in production through the environment.
WEB_WORKERS = os.environ.get("ORBIS_WEB_WORKERS", "2")
WEB_THREADS = os.environ.get("ORBIS_WEB_THREADS", "4")
STOP_GRACE_SECONDS = 10

# `orbis <word> <verb>` -> manage.py command name.
SUBCOMMANDS = {
    ("token", "create"): "token_create",
    ("audit", "verify"): "audit_verify",
    ("keys", "status"): "keys_status",
    ("keys", "new"): "keys_new",
    ("keys", "rotate"): "keys_rotate",
    ("fx", "load"): "fx_load",
    ("fx", "refresh"): "fx_refresh",
}


def manage(argv: Sequence[str]) -> None:
    """Run one manage.py command in this process."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orbis.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["orbis", *argv])


def run_own_command(name: str, argv: Sequence[str]) -> int:
    """One of Orbis's own commands, in this process, keeping its database connection open."""
    import django
    from django.core.management import call_command
    from django.core.management.base import CommandError

    django.setup()
    try:
        call_command(name, *argv)
    except CommandError as error:
        print(f"CommandError: {error}", file=sys.stderr)
        return error.returncode
    return 0


def web_command() -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "orbis.wsgi:application",
        "--bind", BIND,
        # gthread keeps connections alive even with one thread per worker (docs/performance.md)
        "--worker-class", "gthread",
        "--workers", WEB_WORKERS,
        "--threads", WEB_THREADS,
        "--access-logfile", "-",
        "--logger-class", "orbis.kernel.logging.GunicornLogger",
        "--graceful-timeout", str(STOP_GRACE_SECONDS),
        # One control socket per instance (gunicorn's default is one per home directory).
        "--control-socket", str(development.data_dir() / "gunicorn.ctl"),
    ]  # fmt: skip


def worker_command(extra: Sequence[str] = ()) -> list[str]:
    return [sys.executable, "-m", "orbis.cli", "db_worker", "--no-reload", *extra]


def scheduler_command() -> list[str]:
    return [sys.executable, "-m", "orbis.cli", "scheduler"]


def load_exchange_rates_on_first_start() -> None:
    """Store the shipped ECB history when the database has no ECB rate yet (a few seconds)."""
    from django.core.management import call_command
    from django.db import DatabaseError

    try:
        call_command("fx_load", "--if-empty")
    except DatabaseError as exc:  # not migrated yet: the web pages will say so
        print(f"orbis: exchange rates not loaded ({exc})", file=sys.stderr)


# Back-off before restarting a helper process that stopped: doubling from the first, capped,
# and back to the first once it has run for RESTART_RESET_SECONDS (a crash loop waits longer).
RESTART_FIRST_SECONDS = 1.0
RESTART_MAX_SECONDS = 60.0
RESTART_RESET_SECONDS = 60.0


def run_together(
    commands: dict[str, list[str]],
    restart: Sequence[str] = (),
    should_stop: Callable[[], bool] = lambda: False,
) -> int:
    """Start every command. One named in `restart` (the worker, the scheduler) is restarted when
    it stops, after a back-off; when any other stops (the web server, whose own master restarts
    its workers), or we are interrupted, or `should_stop()`, stop all of them."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "orbis.settings"}

    def start(name: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(commands[name], env=env)  # noqa: S603

    processes = {name: start(name) for name in commands}
    started = dict.fromkeys(commands, time.monotonic())
    delay = dict.fromkeys(commands, RESTART_FIRST_SECONDS)
    due: dict[str, float] = {}  # name -> when to start it again
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    exit_code = 0
    try:
        while not stopping and not should_stop():
            now = time.monotonic()
            for name, process in processes.items():
                code = process.poll()
                if code is None or name in due:
                    continue
                if name not in restart:
                    print(
                        f"orbis: {name} exited with code {code}; stopping the rest", file=sys.stderr
                    )
                    exit_code = code or 1
                    stopping = True
                    break
                if now - started[name] >= RESTART_RESET_SECONDS:
                    delay[name] = RESTART_FIRST_SECONDS
                print(
                    f"orbis: {name} exited with code {code}; restarting it in {delay[name]:g} s",
                    file=sys.stderr,
                    flush=True,
                )
                due[name] = now + delay[name]
                delay[name] = min(delay[name] * 2, RESTART_MAX_SECONDS)
            for name, when in list(due.items()):
                if not stopping and time.monotonic() >= when:
                    del due[name]
                    processes[name] = start(name)
                    started[name] = time.monotonic()
            time.sleep(0.2)
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return exit_code


def print_welcome() -> None:
    print(f"\nOrbis is starting at http://{BIND}/  (API docs: http://{BIND}/api/v1/docs)")
    logins = demo_logins()
    if logins:
        print("Demo logins (username / password):")
        for line in logins:
            print(f"  {line}")
    print("Press Ctrl-C to stop the web server, the worker and the scheduler.\n", flush=True)


def demo_logins() -> list[str]:
    """The demo users' logins, for those demo users that exist in this database."""
    import importlib

    from django.contrib.auth import get_user_model

    try:
        rows = importlib.import_module("orbis.demo.organisation").demo_logins()
    except (ImportError, AttributeError):
        return []
    present = set(
        get_user_model()
        .objects.filter(username__in=[row[0] for row in rows], is_active=True)
        .values_list("username", flat=True)
    )
    return [f"{name:<16} {password:<12} {who}" for name, password, who in rows if name in present]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # In a checkout `make run` set up, its development settings (never in production).
    development.apply()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orbis.settings")
    if not args or (args[0] in {"-h", "--help", "help"} and len(args) == 1):
        print(__doc__)
        return 0
    if args[0] == "run":
        import django

        django.setup()
        development.data_dir().mkdir(parents=True, exist_ok=True)  # the control socket's home
        load_exchange_rates_on_first_start()
        print_welcome()
        return run_together(
            {"web": web_command(), "worker": worker_command(), "scheduler": scheduler_command()},
            restart=("worker", "scheduler"),
        )
    if args[0] == "worker":
        args = ["db_worker", "--no-reload", *args[1:]]
    elif len(args) >= 2 and (args[0], args[1]) in SUBCOMMANDS:
        return run_own_command(SUBCOMMANDS[(args[0], args[1])], args[2:])
    try:
        manage(args)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
