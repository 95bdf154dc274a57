"""What the customers app announces; higher apps subscribe (e.g. webhooks, sales)."""

from dataclasses import dataclass

from orbis.kernel.events import DomainEvent


@dataclass(frozen=True)
class ContactCreated(DomainEvent):
    contact_id: str


@dataclass(frozen=True)
class ContactUpdated(DomainEvent):
    contact_id: str
    changed_fields: tuple[str, ...]


@dataclass(frozen=True)
class ContactArchived(DomainEvent):
    contact_id: str


@dataclass(frozen=True)
class ContactRestored(DomainEvent):
    contact_id: str


@dataclass(frozen=True)
class CompanyCreated(DomainEvent):
    company_id: str


@dataclass(frozen=True)
class CompanyUpdated(DomainEvent):
    company_id: str
    changed_fields: tuple[str, ...]


@dataclass(frozen=True)
class CompanyArchived(DomainEvent):
    company_id: str


@dataclass(frozen=True)
class CompanyRestored(DomainEvent):
    company_id: str
