"""`orbis audit verify` passes an intact chain and catches edited, inserted and deleted events."""

import hashlib
import hmac
from typing import Any

import pytest

from orbis.audit.models import AuditEvent
from orbis.audit.services import record
from orbis.cli import main
from orbis.kernel.actors import SystemActor

TESTS = SystemActor("tests")

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain() -> list[AuditEvent]:
    return [record(f"test.step_{n}", actor=TESTS, changes={"n": n}) for n in range(1, 5)]


def verify(capsys: Any) -> tuple[int, str, str]:
    code = main(["audit", "verify"])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_intact_chain_passes(chain: list[AuditEvent], capsys: Any) -> None:
    code, out, _ = verify(capsys)

    assert code == 0
    assert "audit chain intact: 4 events" in out


def test_an_empty_chain_passes(capsys: Any) -> None:
    code, out, _ = verify(capsys)

    assert (code, out.strip()) == (
        0,
        "audit chain intact: 0 events, 0 sealed reads (0 reads not sealed yet)",
    )


def test_an_edited_event_fails(chain: list[AuditEvent], capsys: Any) -> None:
    AuditEvent.objects.filter(seq=2).update(changes={"n": 99})

    code, _, err = verify(capsys)

    assert code == 1
    assert "event #2: content does not match its hash (edited)" in err
    assert "audit chain broken" in err


def test_an_inserted_event_fails(chain: list[AuditEvent], capsys: Any) -> None:
    # A forger with table access but not the HMAC key appends a plausible-looking event.
    last = chain[-1]
    forged = AuditEvent(
        seq=last.seq + 1, occurred_at=last.occurred_at, actor_label="system",
        action="test.forged", prev_hash=last.hash,
    )  # fmt: skip
    forged.hash = hmac.new(b"guessed key", b"forged", hashlib.sha256).hexdigest()
    AuditEvent.objects.bulk_create([forged])

    code, _, err = verify(capsys)

    assert code == 1
    assert "event #5: content does not match its hash (edited)" in err
    assert "head says #4" in err


def test_a_deleted_event_fails(chain: list[AuditEvent], capsys: Any) -> None:
    AuditEvent.objects.filter(seq=3).delete()

    code, _, err = verify(capsys)

    assert code == 1
    assert "event #4: expected #3 next; events are missing or inserted" in err
    assert "event #4: does not link to the event before it" in err


def test_deleting_the_newest_event_fails(chain: list[AuditEvent], capsys: Any) -> None:
    AuditEvent.objects.filter(seq=4).delete()

    code, _, err = verify(capsys)

    assert code == 1
    assert "the newest events were deleted" in err
