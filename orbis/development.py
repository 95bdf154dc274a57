"""Development settings for a source checkout that `make run` set up.

`make run` writes `development.env` into the data directory (var/ by default). The `orbis`
command and manage.py read it before Django starts, so that the commands the README lists
(`.venv/bin/orbis token create emea.rep`, ...) run in that checkout with the settings
`make run` serves with, without ORBIS_DEV=1 in the shell.

Production keeps its guard: a deployment's data directory has no such file, so it still
refuses to start without ORBIS_SECRET_KEY; a secret key in the environment means production
settings even where the file exists; and a variable set in the environment wins over the file.
Only these two entry points read it: gunicorn started on orbis.wsgi never does.

`python -m orbis.development` writes the file (what `make run` calls).
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

FILE_NAME = "development.env"
# What `make run` serves with (its RUN_ENV): development mode over plain HTTP.
SETTINGS = {"ORBIS_DEV": "1", "ORBIS_HTTPS": "0"}
_HEADER = (
    "# Written by `make run`: the `orbis` command and manage.py use development settings in\n"
    "# this data directory (orbis/development.py). Delete it to require production settings.\n"
)


def data_dir(environ: MutableMapping[str, str] = os.environ) -> Path:
    """Where the database, the development keyring and this file live (ORBIS_DATA_DIR)."""
    return Path(environ.get("ORBIS_DATA_DIR", Path(__file__).resolve().parent.parent / "var"))


def write(environ: MutableMapping[str, str] = os.environ) -> Path:
    path = data_dir(environ) / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_HEADER + "".join(f"{key}={value}\n" for key, value in SETTINGS.items()))
    return path


def apply(environ: MutableMapping[str, str] = os.environ) -> bool:
    """Take the settings of `development.env` into `environ`, unless this is production (a
    secret key is set) or there is no such file; True if they were taken."""
    path = data_dir(environ) / FILE_NAME
    if environ.get("ORBIS_SECRET_KEY") or not path.is_file():
        return False
    for line in path.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and key in SETTINGS:  # only what `make run` writes, whatever else is there
            environ.setdefault(key, value.strip())
    return True


if __name__ == "__main__":
    print(f"Development settings for the orbis command: {write()}")
