"""What the consent ledger announces; higher apps (campaigns, webhooks) subscribe."""

from dataclasses import dataclass

from orbis.kernel.events import DomainEvent


@dataclass(frozen=True)
class ConsentChanged(DomainEvent):
    contact_id: str
    purpose: str
    channel: str
    status: str
