"""The same seed gives the same data; another seed gives other data."""

from __future__ import annotations

from typing import Any

from orbis.customers.models import Contact, ContactPoint
from orbis.demo.records import DemoWorld


def _snapshot() -> list[tuple[Any, ...]]:
    points: dict[Any, list[tuple[str, str]]] = {}
    for contact_id, kind, value in ContactPoint.objects.values_list("contact_id", "kind", "value"):
        points.setdefault(contact_id, []).append((kind, value))
    return sorted(
        (
            c.given_name,
            c.family_name,
            c.latin_given_name,
            c.country,
            str(c.addresses),
            c.lifecycle_stage,
            c.owner.username if c.owner else "",
            sorted(points[c.pk]),
            sorted(c.tags.values_list("name", flat=True)),
        )
        for c in Contact.objects.select_related("owner")
    )


def test_same_seed_same_records() -> None:
    first = list(DemoWorld(5, 120).contacts())
    again = list(DemoWorld(5, 120).contacts())
    other = list(DemoWorld(6, 120).contacts())
    assert first == again
    assert first != other


def test_same_seed_same_database(db: Any) -> None:
    from django.db import transaction

    from orbis.demo.loader import load_demo

    snapshots = []
    for _ in range(2):
        with transaction.atomic():
            load_demo(40, seed=11, service_contacts=10, batch_size=8)
            snapshots.append(_snapshot())
            transaction.set_rollback(True)
    assert len(snapshots[0]) == 40
    assert snapshots[0] == snapshots[1]
