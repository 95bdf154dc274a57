"""Every way of tampering with the audit trail that an attack on a running instance tried is
found by verify(): edited, inserted, reordered or deleted events, a chain cut back with its
head rewritten to match, a chain emptied with its head and reads, forged read events, and an
altered checkpoint. Each case starts from a verified chain with sealed reads and a checkpoint."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from orbis.audit import checkpoints
from orbis.audit.macs import head_mac
from orbis.audit.models import AuditChainHead, AuditEvent, ReadEvent
from orbis.audit.reads import record_read, seal_reads
from orbis.audit.services import record, verify
from orbis.kernel.actors import SystemActor

pytestmark = pytest.mark.django_db

TESTS = SystemActor("tests")


@dataclass
class Reader:
    pk: str = "7"
    is_authenticated: bool = True

    def get_username(self) -> str:
        return "eva"


@pytest.fixture
def trail() -> list[AuditEvent]:
    """Six events, three reads sealed into the chain, a checkpoint at the head, then two more
    events after it; verified intact before each case tampers with it."""
    events = [record(f"test.step_{n}", actor=TESTS, changes={"n": n}) for n in range(6)]
    for index in range(3):
        record_read(Reader(), "customers.contact", [f"id-{index}"], "page")
    events += seal_reads()
    checkpoints.write_checkpoint()
    events += [record(f"test.later_{n}", actor=TESTS) for n in range(2)]
    assert verify().ok, verify().problems
    return events


def _forge_head_to(seq: int) -> None:
    """What someone without the key can do: point the head at an earlier event."""
    event = AuditEvent.objects.get(seq=seq)
    AuditChainHead.objects.filter(id=1).update(last_seq=seq, last_hash=event.hash)


def _delete_newest_and_rewrite_head(trail: list[AuditEvent]) -> None:
    AuditEvent.objects.filter(seq__gt=trail[-3].seq).delete()
    _forge_head_to(trail[-3].seq)


def _delete_after_checkpoint_head_and_mac_guessed(trail: list[AuditEvent]) -> None:
    AuditEvent.objects.filter(seq__gt=trail[2].seq).delete()
    _forge_head_to(trail[2].seq)
    AuditChainHead.objects.filter(id=1).update(mac="0" * 64)


def _empty_everything(trail: list[AuditEvent]) -> None:
    ReadEvent.objects.all().delete()
    AuditEvent.objects.all().delete()
    AuditChainHead.objects.all().delete()


def _fake_unsealed_read(trail: list[AuditEvent]) -> None:
    ReadEvent.objects.create(
        occurred_at=timezone.now(), actor_id="7", actor_label="eva",
        target_type="customers.contact", target_ids=["someone"], channel="page",
    )  # fmt: skip


def _swap_two_events(trail: list[AuditEvent]) -> None:
    first, second = trail[1], trail[2]
    AuditEvent.objects.filter(seq=first.seq).update(action=second.action, changes=second.changes)
    AuditEvent.objects.filter(seq=second.seq).update(action=first.action, changes=first.changes)


def _insert_event(trail: list[AuditEvent]) -> None:
    newest = trail[-1]
    AuditEvent.objects.create(
        seq=newest.seq + 1, occurred_at=timezone.now(), action="test.forged",
        prev_hash=newest.hash, hash="f" * 64,
    )  # fmt: skip


def _alter_checkpoint_file(trail: list[AuditEvent]) -> None:
    path = checkpoints.path()
    data = json.loads(path.read_text().splitlines()[-1])
    data["seq"] = 1
    path.write_text(json.dumps(data) + "\n")


def _first_read() -> Any:
    return ReadEvent.objects.filter(seq__in=ReadEvent.objects.order_by("seq").values("seq")[:1])


CASES: dict[str, tuple[Callable[[list[AuditEvent]], Any], str]] = {
    "an edited event": (
        lambda t: AuditEvent.objects.filter(seq=t[1].seq).update(changes={"n": 99}),
        "edited",
    ),
    "an edited actor": (
        lambda t: AuditEvent.objects.filter(seq=t[1].seq).update(actor_label="mallory"),
        "edited",
    ),
    "two events swapped": (_swap_two_events, "edited"),
    "a deleted middle event": (
        lambda t: AuditEvent.objects.filter(seq=t[2].seq).delete(),
        "missing",
    ),
    "an event appended without the key": (_insert_event, "edited"),
    "the newest events deleted": (
        lambda t: AuditEvent.objects.filter(seq__gt=t[-3].seq).delete(),
        "newest events were deleted",
    ),
    "the newest events deleted and the head rewritten": (
        _delete_newest_and_rewrite_head,
        "head was rewritten",
    ),
    "cut back past the checkpoint, head rewritten": (
        _delete_after_checkpoint_head_and_mac_guessed,
        "which is gone",
    ),
    "the head deleted": (lambda t: AuditChainHead.objects.all().delete(), "head is missing"),
    "every event, the head and every read deleted": (_empty_everything, "which is gone"),
    "a fake unsealed read event": (_fake_unsealed_read, "not written by Orbis"),
    "an edited sealed read": (
        lambda t: _first_read().update(target_ids=["someone-else"]),
        "edited",
    ),
    "a deleted sealed read": (lambda t: _first_read().delete(), "deleted or added"),
    "an altered checkpoint": (_alter_checkpoint_file, "altered"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_tampering_is_found(trail: list[AuditEvent], case: str) -> None:
    tamper, expected = CASES[case]

    tamper(trail)

    result = verify()
    assert not result.ok, f"{case}: not detected"
    assert any(expected in problem for problem in result.problems), result.problems


def test_a_fake_read_is_never_sealed_into_the_chain(trail: list[AuditEvent]) -> None:
    _fake_unsealed_read(trail)

    sealed = seal_reads()

    assert sealed == []
    assert ReadEvent.objects.filter(seal__isnull=True).count() == 1
    record_read(Reader(), "customers.contact", ["id-9"], "page")
    assert [s.changes["count"] for s in seal_reads()] == [1]  # the genuine one only


def test_a_checkpoint_is_written_only_when_the_head_moved(trail: list[AuditEvent]) -> None:
    first = checkpoints.write_checkpoint()
    again = checkpoints.write_checkpoint()

    lines = checkpoints.path().read_text().splitlines()
    assert first == again and len(lines) == 2  # the fixture's and this one
    assert first is not None and first.seq == AuditChainHead.objects.get().last_seq
    assert head_mac(first.seq, first.hash) == AuditChainHead.objects.get().mac
