"""The consent ledger's writers.

record_consent (any decision, with its lawful basis, source and evidence), withdraw_consent
(one call, no reason needed), withdraw_everything (the one-click unsubscribe), confirm_consent
(the second step of double opt-in), honour_gpc. Each appends a ConsentEvent, moves the current
ConsentState, audits and publishes ConsentChanged in one transaction.

The actor is required: a user recording a decision needs privacy.manage_consent in the
contact's region; the person acting themself (a form, the preference page, a confirmation
link) is THE_PERSON.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from orbis.audit.services import record
from orbis.identity.access import require_in
from orbis.kernel.actors import SystemActor
from orbis.kernel.errors import ValidationError
from orbis.kernel.events import publish

from . import jurisdictions
from .decisions import IMPLIED_BASES, _accepted_bases, _current, _supersedes
from .events import ConsentChanged
from .evidence import Evidence
from .gpc import honouring_now
from .jurisdictions import ANY_CHANNEL, CHANNELS, PURPOSES, RulePack
from .links import _refuse, pending_for_token
from .models import ConsentEvent, ConsentSource, ConsentState, ConsentStatus, LawfulBasis

PERMISSION = "privacy.manage_consent"
# The person themself, acting through a public form, a signed link or their browser's signal:
# the link or form is the proof, so no permission is asked.
THE_PERSON = SystemActor("data-subject")


def honour_gpc(
    contact: Any, *, actor: Any, evidence: Evidence | None = None
) -> ConsentEvent | None:
    """Record the opt-out of sale and sharing for a contact under a pack that honours GPC,
    unless it is already in force; None when nothing had to be recorded."""
    pack = jurisdictions.for_contact(contact)
    if not pack.honours_gpc:
        return None
    current = _current(contact, "sale_sharing", ANY_CHANNEL, None)
    if current is not None and current.status == ConsentStatus.WITHDRAWN:
        return None
    if actor is not THE_PERSON:
        require_in(actor, PERMISSION, contact.region_id, "contact")
    return _record(
        actor,
        contact,
        pack,
        purpose="sale_sharing",
        channel=ANY_CHANNEL,
        status=ConsentStatus.WITHDRAWN,
        lawful_basis="",
        source=ConsentSource.GPC,
        evidence=evidence or Evidence(wording="Sec-GPC: 1", wording_version="gpc-1"),
        occurred_at=timezone.now(),
        expires_at=None,
        confirms=None,
    )


# --- writes -------------------------------------------------------------------------------------


def record_consent(
    contact: Any,
    *,
    actor: Any,
    purpose: str,
    channel: str,
    status: str = ConsentStatus.GRANTED,
    lawful_basis: str = "",
    source: str,
    evidence: Evidence | None = None,
    occurred_at: datetime | None = None,
    expires_at: datetime | None = None,
) -> ConsentEvent:
    """Append one consent decision. `actor` is the user recording it (who needs
    privacy.manage_consent in the contact's region), or THE_PERSON when the person acts
    themself (a form, the preference page). Email marketing consent from a form is recorded as
    pending until the person confirms it (double opt-in): build the link with
    links.confirmation_link(event).
    """
    if actor is not THE_PERSON:
        require_in(actor, PERMISSION, contact.region_id, "contact")
    evidence = evidence or Evidence()
    pack = jurisdictions.for_contact(contact)
    now = timezone.now()
    occurred_at = occurred_at or now
    errors: dict[str, str] = {}
    if purpose not in PURPOSES:
        errors["purpose"] = f"Unknown purpose; use one of: {', '.join(PURPOSES)}."
    if channel not in (*CHANNELS, ANY_CHANNEL):
        errors["channel"] = f"Unknown channel; use one of: {', '.join((*CHANNELS, ANY_CHANNEL))}."
    if status not in ConsentStatus.values:
        errors["status"] = f"Unknown status; use one of: {', '.join(ConsentStatus.values)}."
    if source not in ConsentSource.values:
        errors["source"] = f"Unknown source; use one of: {', '.join(ConsentSource.values)}."
    if occurred_at.tzinfo is None:
        errors["occurred_at"] = "Give a time with its time zone."
    elif occurred_at > now + timedelta(minutes=5):
        errors["occurred_at"] = "A consent cannot be given in the future."
    if expires_at is not None and expires_at.tzinfo is None:
        errors["expires_at"] = "Give a time with its time zone."
    gives = status in (ConsentStatus.GRANTED, ConsentStatus.PENDING)
    if gives and not errors:
        error = _basis_error(pack, purpose, channel, lawful_basis)
        if error:
            errors["lawful_basis"] = error
        elif lawful_basis == LawfulBasis.CONSENT and not evidence.wording.strip():
            errors["evidence.wording"] = "Record the wording the person agreed to."
    elif not gives and lawful_basis and lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = "Unknown lawful basis."
    if errors:
        raise ValidationError(errors)
    if gives and lawful_basis in IMPLIED_BASES:
        # CASL s. 10(10): implied consent runs from the purchase or inquiry, not from today.
        implied_end = pack.implied_expiry(IMPLIED_BASES[lawful_basis], occurred_at)
        if implied_end is not None and (expires_at is None or implied_end < expires_at):
            expires_at = implied_end
    if (
        status == ConsentStatus.GRANTED
        and purpose == "marketing"
        and channel == "email"
        and source == ConsentSource.FORM
        and lawful_basis == LawfulBasis.CONSENT
    ):
        status = ConsentStatus.PENDING  # double opt-in: granted only once the person confirms
    return _record(
        actor,
        contact,
        pack,
        purpose=purpose,
        channel=channel,
        status=status,
        lawful_basis=lawful_basis if gives else (lawful_basis or ""),
        source=source,
        evidence=evidence,
        occurred_at=occurred_at,
        expires_at=expires_at if gives else None,
        confirms=None,
    )


def withdraw_consent(
    contact: Any,
    *,
    actor: Any,
    purpose: str,
    channel: str,
    source: str,
    evidence: Evidence | None = None,
) -> ConsentEvent:
    """Withdraw a consent (or object to an opt-out use): one call, no reason or basis needed
    (GDPR Art. 7(3): as easy to withdraw as to give). channel "any" covers every channel."""
    return record_consent(
        contact,
        actor=actor,
        purpose=purpose,
        channel=channel,
        status=ConsentStatus.WITHDRAWN,
        source=source,
        evidence=evidence,
    )


@transaction.atomic
def withdraw_everything(
    contact: Any, *, actor: Any, source: str, evidence: Evidence | None = None
) -> list[ConsentEvent]:
    """The one-click unsubscribe: every purpose on every channel withdrawn."""
    return [
        withdraw_consent(
            contact,
            actor=actor,
            purpose=purpose,
            channel=ANY_CHANNEL,
            source=source,
            evidence=evidence,
        )
        for purpose in PURPOSES
    ]


def _basis_error(pack: RulePack, purpose: str, channel: str, basis: str) -> str:
    if not basis:
        return "A consent needs a lawful basis: " + ", ".join(LawfulBasis.values) + "."
    if basis not in LawfulBasis.values:
        return "Unknown lawful basis; use one of: " + ", ".join(LawfulBasis.values) + "."
    if basis in IMPLIED_BASES and IMPLIED_BASES[basis] not in pack.implied:
        return f"{pack.name} does not recognise implied consent."
    rules = (
        [pack.consent_rule(purpose, c) for c in CHANNELS]
        if channel == ANY_CHANNEL
        else [pack.consent_rule(purpose, channel)]
    )
    for rule in rules:
        if basis not in _accepted_bases(pack, rule.model):
            return (
                f"{purpose} by {rule.channel} under {pack.name} needs "
                f"{' or '.join(sorted(_accepted_bases(pack, rule.model)))} ({rule.citation})."
            )
    return ""


@transaction.atomic
def _record(
    actor: Any,
    contact: Any,
    pack: RulePack,
    *,
    purpose: str,
    channel: str,
    status: str,
    lawful_basis: str,
    source: str,
    evidence: Evidence,
    occurred_at: datetime,
    expires_at: datetime | None,
    confirms: ConsentEvent | None,
) -> ConsentEvent:
    event = ConsentEvent(
        contact=contact,
        purpose=purpose,
        channel=channel,
        status=status,
        lawful_basis=lawful_basis,
        source=source,
        occurred_at=occurred_at,
        expires_at=expires_at,
        wording=evidence.wording,
        wording_version=evidence.wording_version[:50],
        ip_address=evidence.ip_address or None,
        user_agent=evidence.user_agent[:500],
        recorded_by=actor if actor.pk is not None else None,
        recorded_by_label="contact" if actor is THE_PERSON else actor.get_username(),
        rule_pack=pack.code,
        rule_pack_version=pack.version,
        confirms=confirms,
    )
    event.save(force_insert=True)
    _move_state(event)
    record(
        "privacy.consent_recorded",
        event,
        actor=actor,
        region=contact.region.code,
        changes={
            "contact": str(contact.pk),
            "purpose": purpose,
            "channel": channel,
            "status": status,
            "lawful_basis": lawful_basis,
            "source": source,
            "rule_pack": pack.label,
        },
    )
    publish(ConsentChanged(str(contact.pk), purpose, channel, status))
    if honouring_now() and source != ConsentSource.GPC and pack.honours_gpc:
        honour_gpc(contact, actor=THE_PERSON)
    return event


def _move_state(event: ConsentEvent) -> None:
    state = (
        ConsentState.objects.select_for_update()
        .filter(contact=event.contact, purpose=event.purpose, channel=event.channel)
        .first()
    )
    if state is None:
        ConsentState.objects.create(
            contact=event.contact,
            purpose=event.purpose,
            channel=event.channel,
            status=event.status,
            lawful_basis=event.lawful_basis,
            occurred_at=event.occurred_at,
            expires_at=event.expires_at,
            event=event,
        )
        return
    if not _supersedes(event, state.status, state.occurred_at):
        return
    state.status, state.lawful_basis = event.status, event.lawful_basis
    state.occurred_at, state.expires_at, state.event = event.occurred_at, event.expires_at, event
    state.save()


def confirm_consent(token: str, *, actor: Any, evidence: Evidence | None = None) -> ConsentEvent:
    """Second step of double opt-in (a POST, never a GET: mail scanners prefetch links): turn
    the pending consent into a granted one, once. Only the person can: `actor` is THE_PERSON."""
    if actor is not THE_PERSON:
        raise ValueError("Only the person confirms their own consent, through the link.")
    pending = pending_for_token(token)
    evidence = evidence or Evidence()
    try:
        with transaction.atomic():
            return _record(
                THE_PERSON,
                pending.contact,
                jurisdictions.for_contact(pending.contact),
                purpose=pending.purpose,
                channel=pending.channel,
                status=ConsentStatus.GRANTED,
                lawful_basis=pending.lawful_basis,
                source=ConsentSource.DOUBLE_OPT_IN,
                # The wording agreed to is the one shown on the form; the network evidence is
                # the confirmation's own.
                evidence=Evidence(
                    pending.wording,
                    pending.wording_version,
                    evidence.ip_address,
                    evidence.user_agent,
                ),
                occurred_at=timezone.now(),
                expires_at=pending.expires_at,
                confirms=pending,
            )
    except IntegrityError:  # a concurrent confirmation of the same link won
        raise _refuse("confirm", "used", pending) from None
