from dataclasses import dataclass

import pytest
from django.db import transaction

from orbis.kernel.events import DomainEvent, publish, subscribe


@dataclass(frozen=True)
class ThingHappened(DomainEvent):
    name: str


received: list[str] = []


@subscribe(ThingHappened)
def _remember(event: ThingHappened) -> None:
    received.append(event.name)


@pytest.mark.django_db(transaction=True)
def test_events_are_delivered_after_commit_only():
    received.clear()
    with transaction.atomic():
        publish(ThingHappened("kept"))
        assert received == []  # not before the commit
    assert received == ["kept"]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_write_announces_nothing():
    received.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(ThingHappened("lost"))
        raise RuntimeError("rollback")
    assert received == []
