"""Production settings pass `manage.py check --deploy` and refuse to start without a secret key
or without a keyring."""

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # A clean production environment: no development switches, and nothing a test set for
    # itself (the browser test allows async-unsafe calls, which the deploy check refuses).
    dropped = {
        "ORBIS_DEV", "ORBIS_DEBUG", "ORBIS_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE",
        "ORBIS_KEYRING", "ORBIS_KEYRING_FILE",
    }  # fmt: skip
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**base, **env}, capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip


def keyring_json() -> str:
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    index = base64.b64encode(secrets.token_bytes(32)).decode()
    return json.dumps({"keys": {"emea-1": key}, "current": {"emea": "emea-1"}, "index_key": index})


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    done = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        ORBIS_SECRET_KEY=secrets.token_urlsafe(50), ORBIS_HTTPS="1", ORBIS_DATA_DIR=str(tmp_path),
        ORBIS_KEYRING=keyring_json(),
    )  # fmt: skip

    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    done = manage("check", ORBIS_DATA_DIR=str(tmp_path))

    assert done.returncode != 0
    assert "Set ORBIS_SECRET_KEY" in done.stderr


def test_production_refuses_to_start_without_a_keyring(tmp_path: Path) -> None:
    done = manage("check", ORBIS_SECRET_KEY=secrets.token_urlsafe(50), ORBIS_DATA_DIR=str(tmp_path))

    assert done.returncode != 0
    assert "Set ORBIS_KEYRING or ORBIS_KEYRING_FILE" in done.stderr


def test_production_refuses_a_weak_secret_key(tmp_path: Path) -> None:
    done = manage(
        "check", "--deploy", ORBIS_SECRET_KEY="abcde", ORBIS_HTTPS="1",
        ORBIS_DATA_DIR=str(tmp_path), ORBIS_KEYRING=keyring_json(),
    )  # fmt: skip

    assert done.returncode != 0
    assert "ORBIS_SECRET_KEY is too weak" in done.stderr


def test_hsts_covers_subdomains_and_preload_only_when_asked(tmp_path: Path) -> None:
    script = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    env = {"ORBIS_SECRET_KEY": secrets.token_urlsafe(50), "ORBIS_HTTPS": "1",
           "ORBIS_DATA_DIR": str(tmp_path), "ORBIS_KEYRING": keyring_json()}  # fmt: skip

    shell = ("shell", "-v", "0", "-c", script)

    default = manage(*shell, **env)
    opted_in = manage(*shell, ORBIS_HSTS_INCLUDE_SUBDOMAINS="1", ORBIS_HSTS_PRELOAD="1", **env)

    assert default.stdout.split() == ["31536000", "False", "False"], default.stderr
    assert opted_in.stdout.split() == ["31536000", "True", "True"], opted_in.stderr
