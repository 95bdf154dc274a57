"""The development settings `make run` leaves in its data directory never reach production: with
no such file, or with a secret key set, the `orbis` command refuses development settings."""

from __future__ import annotations

import os
import secrets
import subprocess
from pathlib import Path

from orbis import development

ROOT = Path(__file__).resolve().parents[2]


def orbis(data_dir: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """`.venv/bin/orbis` in a production shell: no development switch, no keyring."""
    dropped = {
        "ORBIS_DEV", "ORBIS_DEBUG", "ORBIS_HTTPS", "ORBIS_SECRET_KEY", "ORBIS_KEYRING",
        "ORBIS_KEYRING_FILE", "DATABASE_URL", "DJANGO_SETTINGS_MODULE",
    }  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [".venv/bin/orbis", *args],
        env={**env, "ORBIS_DATA_DIR": str(data_dir), **extra},
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_without_the_file_the_orbis_command_refuses_to_start_without_a_secret_key(
    tmp_path: Path,
) -> None:
    done = orbis(tmp_path, "audit", "verify")

    assert done.returncode != 0
    assert "Set ORBIS_SECRET_KEY" in done.stderr


def test_a_secret_key_means_production_settings_even_beside_the_file(tmp_path: Path) -> None:
    development.write({"ORBIS_DATA_DIR": str(tmp_path)})

    done = orbis(tmp_path, "audit", "verify", ORBIS_SECRET_KEY=secrets.token_urlsafe(50))

    # Production asks for its keyring, which development would have generated.
    assert done.returncode != 0
    assert "Set ORBIS_KEYRING or ORBIS_KEYRING_FILE" in done.stderr
    assert not (tmp_path / "keyring.json").exists()


def test_a_development_switch_turned_off_in_the_environment_wins_over_the_file(
    tmp_path: Path,
) -> None:
    development.write({"ORBIS_DATA_DIR": str(tmp_path)})

    done = orbis(tmp_path, "audit", "verify", ORBIS_DEV="0")

    assert done.returncode != 0
    assert "Set ORBIS_SECRET_KEY" in done.stderr


def test_the_file_sets_only_what_make_run_serves_with(tmp_path: Path) -> None:
    path = development.write({"ORBIS_DATA_DIR": str(tmp_path)})
    path.write_text(path.read_text() + "ORBIS_SECRET_KEY=planted\nDATABASE_URL=sqlite:///x\n")
    environ = {"ORBIS_DATA_DIR": str(tmp_path)}

    assert development.apply(environ) is True
    assert environ == {"ORBIS_DATA_DIR": str(tmp_path), "ORBIS_DEV": "1", "ORBIS_HTTPS": "0"}
