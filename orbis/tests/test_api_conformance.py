"""The OpenAPI document says what the API answers: schemathesis runs every check against a live
server (a real threaded HTTP server on loopback, with this test's database), for every
operation there is now and every one the new apps add, with bounded examples.

schemathesis.toml at the project root holds the one deliberate setting: a schema-valid request
may still be answered 404 or 422 where a service checks what a schema cannot say.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_every_operation_conforms_to_the_document(
    live_server: Any, admin: Any, token_for: Any, make_contact: Any, make_company: Any
) -> None:
    make_contact(admin, given_name="Ada", family_name="Lovelace", country="GB")
    make_company(admin, name="Analytical Engines Ltd", country="GB")
    token = token_for(admin)

    done = subprocess.run(
        [
            sys.executable, "-m", "schemathesis.cli", "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--checks", "all", "--max-examples", "8", "--seed", "1",
            "--header", f"Authorization: Bearer {token}",
            "--no-color", "--request-timeout", "20",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip

    summary = done.stdout[-6000:]
    assert done.returncode == 0, summary + done.stderr[-2000:]
    tested = re.search(r"Tested: (\d+)", done.stdout)
    assert tested is not None and int(tested.group(1)) >= 14, summary  # every operation
