"""manage.py demo: loads, prints the logins, and with --if-empty leaves existing data alone."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from orbis.customers.models import Contact
from orbis.identity.models import User


def _demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_loads_and_prints_logins(db: Any) -> None:
    output = _demo("--contacts", "30", "--seed", "2")
    assert Contact.objects.count() == 30
    assert "admin" in output and "orbis-admin" in output and "emea.rep" in output
    assert "contacts/s" in output


def test_if_empty_is_idempotent(db: Any) -> None:
    _demo("--contacts", "25", "--if-empty")
    users = User.objects.count()
    output = _demo("--contacts", "25", "--if-empty")
    assert "no demo data loaded" in output
    assert Contact.objects.count() == 25 and User.objects.count() == users


def test_refuses_a_database_with_data(db: Any) -> None:
    _demo("--contacts", "5")
    with pytest.raises(CommandError, match="holds data already"):
        _demo("--contacts", "5")
