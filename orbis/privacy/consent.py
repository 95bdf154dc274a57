"""The consent ledger's services and the one question every sender must ask: can_contact.

Writes: record_consent (any decision, with its lawful basis, source and evidence),
withdraw_consent (one call, no reason needed), withdraw_everything (the one-click unsubscribe),
confirm_consent (the second step of double opt-in). Each appends a ConsentEvent, moves the
current ConsentState, audits and publishes ConsentChanged in one transaction.

Read: can_contact(contact, channel, purpose, at) applies the contact's rule pack to the
person's latest decision and answers with the reason and the rule it rests on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from orbis.audit.services import record
from orbis.identity.access import require
from orbis.kernel.errors import ValidationError
from orbis.kernel.events import publish
from orbis.kernel.ids import parse_uuid

from . import jurisdictions
from .events import ConsentChanged
from .jurisdictions import (
    ANY_CHANNEL,
    CHANNELS,
    NOT_REQUIRED,
    OPT_OUT,
    PURPOSES,
    SOFT_OPT_IN,
    RulePack,
)
from .models import (
    ConsentEvent,
    ConsentSource,
    ConsentState,
    ConsentStatus,
    LawfulBasis,
)

PERMISSION = "privacy.manage_consent"
# Stages at which a contact has bought from us: the "existing customer" of a soft opt-in.
CUSTOMER_STAGES = ("customer", "evangelist")
IMPLIED_BASES = {"implied_purchase": "purchase", "implied_inquiry": "inquiry"}
ARCHIVED_RULE = "Orbis: archived contacts are never contacted"

# Checks that stop every use of a contact whatever the consent says, each answering None or
# (reason, citation): the requests app registers the restriction of processing (GDPR Art. 18).
# A list here rather than an import keeps the dependency one way: requests -> consent.
Block = Callable[[Any], tuple[str, str] | None]
_blocks: list[Block] = []


def register_block(block: Block) -> None:
    if block not in _blocks:
        _blocks.append(block)


CONFIRM_SALT = "orbis.privacy.consent-confirmation"
PREFERENCES_SALT = "orbis.privacy.preferences"
# How long links stay valid; settings may override (seconds).
CONFIRM_MAX_AGE = timedelta(days=7)
PREFERENCES_MAX_AGE = timedelta(days=180)


@dataclass(frozen=True)
class Evidence:
    """What proves a decision: the wording shown and its version, and where it came from."""

    wording: str = ""
    wording_version: str = ""
    ip_address: str | None = None
    user_agent: str = ""

    @classmethod
    def from_request(cls, request: Any, wording: str = "", wording_version: str = "") -> Evidence:
        return cls(
            wording=wording,
            wording_version=wording_version,
            ip_address=request.META.get("REMOTE_ADDR") or None,
            user_agent=request.headers.get("User-Agent", "")[:500],
        )


@dataclass(frozen=True)
class Decision:
    """can_contact's answer: allowed or not, why, and the rule (citation) it rests on."""

    allowed: bool
    reason: str
    rule: str
    pack: str = ""  # code@version of the rule pack applied
    model: str = ""  # opt_in, opt_out, soft_opt_in, not_required

    def __bool__(self) -> bool:
        return self.allowed


class LinkRefused(Exception):
    """A confirmation or preference link that is forged, expired or already used."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "forged", "expired", "used"


# --- Global Privacy Control ---------------------------------------------------------------------

_gpc: ContextVar[bool] = ContextVar("orbis_privacy_gpc", default=False)


def gpc_signal(request: Any) -> bool:
    """The request carries the Global Privacy Control opt-out preference signal."""
    return str(request.headers.get("Sec-GPC", "")).strip() == "1"


@contextmanager
def honouring_gpc(active: bool = True) -> Any:
    """While active, every consent recorded for a contact whose pack honours GPC (California)
    also records the opt-out of sale and sharing the signal means (CCPA Regs s. 7025)."""
    token = _gpc.set(active)
    try:
        yield
    finally:
        _gpc.reset(token)


class GlobalPrivacyControlMiddleware:
    """Marks the request as carrying Sec-GPC: 1, so record_consent honours it wherever called."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        with honouring_gpc(gpc_signal(request)):
            return self.get_response(request)


def honour_gpc(contact: Any, evidence: Evidence | None = None) -> ConsentEvent | None:
    """Record the opt-out of sale and sharing for a contact under a pack that honours GPC,
    unless it is already in force; None when nothing had to be recorded."""
    pack = jurisdictions.for_contact(contact)
    if not pack.honours_gpc:
        return None
    current = _current(contact, "sale_sharing", ANY_CHANNEL, None)
    if current is not None and current.status == ConsentStatus.WITHDRAWN:
        return None
    return _record(
        None,
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
    actor: Any,
    contact: Any,
    *,
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
    privacy.manage_consent), or None when the person acts themself (a form, the preference
    page). Email marketing consent from a form is recorded as pending until the person
    confirms it (double opt-in): build the link with confirmation_link(event).
    """
    if actor is not None:
        require(actor, PERMISSION)
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
    actor: Any,
    contact: Any,
    *,
    purpose: str,
    channel: str,
    source: str,
    evidence: Evidence | None = None,
) -> ConsentEvent:
    """Withdraw a consent (or object to an opt-out use): one call, no reason or basis needed
    (GDPR Art. 7(3): as easy to withdraw as to give). channel "any" covers every channel."""
    return record_consent(
        actor,
        contact,
        purpose=purpose,
        channel=channel,
        status=ConsentStatus.WITHDRAWN,
        source=source,
        evidence=evidence,
    )


@transaction.atomic
def withdraw_everything(
    actor: Any, contact: Any, *, source: str, evidence: Evidence | None = None
) -> list[ConsentEvent]:
    """The one-click unsubscribe: every purpose on every channel withdrawn."""
    return [
        withdraw_consent(
            actor, contact, purpose=purpose, channel=ANY_CHANNEL, source=source, evidence=evidence
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


def _accepted_bases(pack: RulePack, model: str) -> set[str]:
    """Which lawful bases make a grant count under a consent model."""
    if model in (OPT_OUT, NOT_REQUIRED):
        return set(LawfulBasis.values)
    accepted = {LawfulBasis.CONSENT.value}
    accepted |= {basis for basis, kind in IMPLIED_BASES.items() if kind in pack.implied}
    if model == SOFT_OPT_IN:
        accepted.add(LawfulBasis.SOFT_OPT_IN.value)
    return accepted


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
        recorded_by=actor,
        recorded_by_label=actor.get_username() if actor is not None else "contact",
        rule_pack=pack.code,
        rule_pack_version=pack.version,
        confirms=confirms,
    )
    event.save(force_insert=True)
    _move_state(event)
    record(
        "privacy.consent_recorded",
        event,
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
    if _gpc.get() and source != ConsentSource.GPC and pack.honours_gpc:
        honour_gpc(contact)
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


def _supersedes(event: ConsentEvent, status: str, occurred_at: datetime) -> bool:
    """A later decision replaces an earlier one; a backdated record (an imported purchase)
    never overrides a newer decision; a new pending request never undoes a granted consent."""
    if event.occurred_at < occurred_at:
        return False
    return not (event.status == ConsentStatus.PENDING and status == ConsentStatus.GRANTED)


# --- double opt-in ------------------------------------------------------------------------------


def _max_age(name: str, default: timedelta) -> int:
    return int(getattr(settings, name, default.total_seconds()))


def confirmation_token(event: ConsentEvent) -> str:
    """The signed token of a pending event's confirmation link (names the event, nothing else)."""
    return signing.dumps({"e": str(event.pk)}, salt=CONFIRM_SALT, compress=True)


def confirmation_link(event: ConsentEvent) -> str:
    """The link the person follows to confirm a pending email consent (sending is later work)."""
    path = reverse("privacy_public:confirm", args=[confirmation_token(event)])
    return getattr(settings, "ORBIS_PUBLIC_URL", "").rstrip("/") + path


def _refuse(link: str, reason: str, target: Any = None) -> LinkRefused:
    """Audit a refused link in its own transaction (the refusal page changes nothing else)."""
    with transaction.atomic():
        record("privacy.link_refused", target, changes={"link": link, "reason": reason})
    return LinkRefused(reason)


def _load(token: str, salt: str, max_age: int, link: str) -> Any:
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise _refuse(link, "expired") from None
    except signing.BadSignature:
        raise _refuse(link, "forged") from None


def pending_for_token(token: str) -> ConsentEvent:
    """The pending event a confirmation link names; LinkRefused (audited) otherwise."""
    data = _load(
        token, CONFIRM_SALT, _max_age("ORBIS_CONSENT_CONFIRM_MAX_AGE", CONFIRM_MAX_AGE), "confirm"
    )
    event_id = parse_uuid(data.get("e")) if isinstance(data, dict) else None
    if event_id is None:
        raise _refuse("confirm", "forged")
    event = (
        ConsentEvent.objects.select_related("contact", "contact__region")
        .filter(pk=event_id, status=ConsentStatus.PENDING)
        .first()
    )
    if event is None:
        raise _refuse("confirm", "forged")
    if ConsentEvent.objects.filter(confirms=event).exists():
        raise _refuse("confirm", "used", event)
    return event


def confirm_consent(token: str, evidence: Evidence | None = None) -> ConsentEvent:
    """Second step of double opt-in (a POST, never a GET: mail scanners prefetch links): turn
    the pending consent into a granted one, once."""
    pending = pending_for_token(token)
    evidence = evidence or Evidence()
    try:
        with transaction.atomic():
            return _record(
                None,
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


# --- preference page links ----------------------------------------------------------------------


def preference_token(contact: Any) -> str:
    return signing.dumps({"c": str(contact.pk)}, salt=PREFERENCES_SALT, compress=True)


def preference_link(contact: Any) -> str:
    """The signed link to the contact's own preference page (no login)."""
    path = reverse("privacy_public:preferences", args=[preference_token(contact)])
    return getattr(settings, "ORBIS_PUBLIC_URL", "").rstrip("/") + path


def contact_for_preference_token(token: str) -> Any:
    """The contact a preference link names; LinkRefused (audited) otherwise."""
    from orbis.customers.models import Contact

    data = _load(
        token,
        PREFERENCES_SALT,
        _max_age("ORBIS_PREFERENCE_LINK_MAX_AGE", PREFERENCES_MAX_AGE),
        "preferences",
    )
    contact_id = parse_uuid(data.get("c")) if isinstance(data, dict) else None
    if contact_id is None:
        raise _refuse("preferences", "forged")
    contact = Contact.objects.select_related("region").filter(pk=contact_id).first()
    if contact is None:
        raise _refuse("preferences", "forged")
    return contact


# --- can_contact --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Current:
    status: str
    lawful_basis: str
    occurred_at: datetime
    expires_at: datetime | None
    channel: str
    source: str = ""


def _current(contact: Any, purpose: str, channel: str, at: datetime | None) -> _Current | None:
    """The person's latest decision on this purpose for this channel or for all channels."""
    channels = [channel] if channel == ANY_CHANNEL else [channel, ANY_CHANNEL]
    candidates: list[_Current] = []
    if at is None:
        for state in ConsentState.objects.filter(
            contact=contact, purpose=purpose, channel__in=channels
        ).select_related("event"):
            candidates.append(
                _Current(
                    state.status,
                    state.lawful_basis,
                    state.occurred_at,
                    state.expires_at,
                    state.channel,
                    state.event.source,
                )
            )
    else:
        events = ConsentEvent.objects.filter(
            contact=contact, purpose=purpose, channel__in=channels, occurred_at__lte=at
        ).order_by("occurred_at", "created_at")
        candidates.extend(_fold(events).values())
    if not candidates:
        return None
    return max(candidates, key=lambda c: c.occurred_at)


def _fold(events: Iterable[ConsentEvent]) -> dict[str, _Current]:
    """Replay events in time order with the same rule the state table follows."""
    latest: dict[str, _Current] = {}
    for event in events:
        now = latest.get(event.channel)
        if now is None or _supersedes(event, now.status, now.occurred_at):
            latest[event.channel] = _Current(
                event.status,
                event.lawful_basis,
                event.occurred_at,
                event.expires_at,
                event.channel,
                event.source,
            )
    return latest


def can_contact(contact: Any, channel: str, purpose: str, at: datetime | None = None) -> Decision:
    """May we use `contact`'s data for `purpose` on `channel` (at time `at`, default now)?

    Every sender (campaigns, sequences, exports to ad platforms, transfers) asks this first.
    Unknown channels or purposes are a ValidationError, not a silent no.
    """
    errors = {}
    if channel not in CHANNELS:
        errors["channel"] = f"Unknown channel; use one of: {', '.join(CHANNELS)}."
    if purpose not in PURPOSES:
        errors["purpose"] = f"Unknown purpose; use one of: {', '.join(PURPOSES)}."
    if errors:
        raise ValidationError(errors)
    pack = jurisdictions.for_contact(contact)
    rule = pack.consent_rule(purpose, channel)
    cited = f"{rule.citation} [{rule.pack}]"

    def decide(allowed: bool, reason: str, citation: str = cited) -> Decision:
        return Decision(allowed, reason, citation, pack.label, rule.model)

    if contact.archived_at is not None and (at is None or contact.archived_at <= at):
        return decide(False, "The contact is archived.", ARCHIVED_RULE)
    for block in _blocks:
        blocked = block(contact)
        if blocked is not None:
            return decide(False, *blocked)
    moment = at or timezone.now()
    current = _current(contact, purpose, channel, at)
    refused = current is not None and current.status in (
        ConsentStatus.WITHDRAWN,
        ConsentStatus.DENIED,
    )
    if rule.model == NOT_REQUIRED:
        return decide(True, "No consent is needed for this purpose here.")
    if refused:
        assert current is not None
        verb = "withdrew" if current.status == ConsentStatus.WITHDRAWN else "refused"
        how = " (Global Privacy Control)" if current.source == ConsentSource.GPC else ""
        return decide(False, f"The person {verb} it on {current.occurred_at:%Y-%m-%d}{how}.")
    if rule.model == OPT_OUT:
        return decide(True, "Opt-out rule: allowed, no objection recorded.")
    granted = current is not None and current.status == ConsentStatus.GRANTED
    if granted:
        assert current is not None
        if current.expires_at is not None and current.expires_at <= moment:
            expired = f"Consent expired on {current.expires_at:%Y-%m-%d}."
            if current.lawful_basis in IMPLIED_BASES:
                kind = IMPLIED_BASES[current.lawful_basis]
                implied = pack.implied.get(kind)
                return decide(False, expired, implied.citation if implied else cited)
            return decide(False, expired)
        if current.lawful_basis in _accepted_bases(pack, rule.model):
            if current.lawful_basis in IMPLIED_BASES:
                implied = pack.implied[IMPLIED_BASES[current.lawful_basis]]
                return decide(
                    True, f"Implied consent ({implied.basis}) in force.", implied.citation
                )
            return decide(True, f"Consent granted on {current.occurred_at:%Y-%m-%d}.")
    if rule.model == SOFT_OPT_IN and contact.lifecycle_stage in CUSTOMER_STAGES:
        return decide(True, "Existing customer (soft opt-in) who has not objected.")
    if current is not None and current.status == ConsentStatus.PENDING:
        return decide(False, "Consent not yet confirmed (double opt-in pending).")
    if granted:
        assert current is not None
        return decide(False, f"The recorded basis ({current.lawful_basis}) is not enough here.")
    return decide(False, "Opt-in rule: no consent recorded.")
