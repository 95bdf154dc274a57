"""What the consent ledger holds about a person, for the access export and erasure.

Registered with the kernel registry in PrivacyConfig.ready(), like every other app's handler.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from orbis.kernel.registry import PersonalDataHandler

from .models import ConsentEvent

FIELDS = {
    "privacy.consentevent.ip_address": "identifying",
    "privacy.consentevent.user_agent": "identifying",
}


def export(contact: Any) -> dict[str, Any]:
    rows = [
        {
            "id": str(event.pk),
            "purpose": event.purpose,
            "channel": event.channel,
            "status": event.status,
            "lawful_basis": event.lawful_basis,
            "source": event.source,
            "occurred_at": event.occurred_at.isoformat(),
            "expires_at": event.expires_at.isoformat() if event.expires_at else None,
            "wording": event.wording,
            "wording_version": event.wording_version,
            "ip_address": event.ip_address,
            "user_agent": event.user_agent,
            "rule_pack": f"{event.rule_pack}@{event.rule_pack_version}",
        }
        for event in ConsentEvent.objects.filter(contact=contact).order_by("occurred_at", "id")
    ]
    return {"privacy.consentevent": rows}


def erase(contact: Any, *, actor: Any) -> None:
    """Blank the network evidence; the decisions stay, so a withdrawal keeps being honoured
    and the organisation can still show when consent was given (GDPR Art. 7(1), 17(3)(b))."""
    ConsentEvent.objects.filter(contact=contact)._erase_evidence()


HANDLER = PersonalDataHandler(
    app_label="privacy",
    export=export,
    erase=erase,
    fields=FIELDS,
    purposes=("consent records",),
    purpose_labels={"consent records": _("Consent records")},
)
