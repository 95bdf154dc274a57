"""What the sales app publishes: deals created, moved, won and lost; orders booked and changed."""

from __future__ import annotations

from dataclasses import dataclass

from orbis.kernel.events import DomainEvent


@dataclass(frozen=True)
class DealCreated(DomainEvent):
    deal_id: str


@dataclass(frozen=True)
class DealUpdated(DomainEvent):
    deal_id: str
    changed_fields: tuple[str, ...]


@dataclass(frozen=True)
class DealStageChanged(DomainEvent):
    deal_id: str
    from_stage_id: str
    to_stage_id: str


@dataclass(frozen=True)
class DealWon(DomainEvent):
    deal_id: str


@dataclass(frozen=True)
class DealLost(DomainEvent):
    deal_id: str


@dataclass(frozen=True)
class OrdersBooked(DomainEvent):
    """Orders created or changed in one call (one order from a quote, or a bulk ingest)."""

    created_ids: tuple[str, ...]
    updated_ids: tuple[str, ...]
