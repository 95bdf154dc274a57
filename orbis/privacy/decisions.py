"""can_contact: the one question every sender must ask, answered from the contact's rule pack
and the person's latest decision, with the reason and the rule it rests on."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from orbis.kernel.errors import ValidationError

from . import jurisdictions
from .jurisdictions import (
    ANY_CHANNEL,
    CHANNELS,
    NOT_REQUIRED,
    OPT_OUT,
    PURPOSES,
    SOFT_OPT_IN,
    RulePack,
)
from .models import ConsentEvent, ConsentSource, ConsentState, ConsentStatus, LawfulBasis

# Stages at which a contact has bought from us: the "existing customer" of a soft opt-in.
CUSTOMER_STAGES = ("customer", "evangelist")
ARCHIVED_RULE = "Orbis: archived contacts are never contacted"
# Implied consents (CASL s. 10(9)) and what they arise from.
IMPLIED_BASES = {"implied_purchase": "purchase", "implied_inquiry": "inquiry"}

# Checks that stop every use of a contact whatever the consent says, each answering None or
# (reason, citation): the requests app registers the restriction of processing (GDPR Art. 18).
# A list here rather than an import keeps the dependency one way: requests -> consent.
Block = Callable[[Any], tuple[str, str] | None]
_blocks: list[Block] = []


def register_block(block: Block) -> None:
    if block not in _blocks:
        _blocks.append(block)


@dataclass(frozen=True)
class Decision:
    """can_contact's answer: allowed or not, why (in the active language), and the rule
    (citation) it rests on."""

    allowed: bool
    reason: str
    rule: str
    pack: str = ""  # code@version of the rule pack applied
    model: str = ""  # opt_in, opt_out, soft_opt_in, not_required
    # Code of the pack that states `rule` (an included pack's for an inherited rule); empty
    # when the rule is Orbis's own or a block's (archived, restricted).
    rule_pack: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def _supersedes(event: ConsentEvent, status: str, occurred_at: datetime) -> bool:
    """A later decision replaces an earlier one; a backdated record (an imported purchase)
    never overrides a newer decision; a new pending request never undoes a granted consent."""
    if event.occurred_at < occurred_at:
        return False
    return not (event.status == ConsentStatus.PENDING and status == ConsentStatus.GRANTED)


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
    cited = rule.citation

    def decide(allowed: bool, reason: str, citation: str = cited) -> Decision:
        stated_by = rule.pack if citation == cited else ""
        return Decision(allowed, reason, citation, pack.label, rule.model, stated_by)

    if contact.archived_at is not None and (at is None or contact.archived_at <= at):
        return decide(False, _("The contact is archived."), ARCHIVED_RULE)
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
        return decide(True, _("No consent is needed for this purpose here."))
    if refused:
        assert current is not None
        day = f"{current.occurred_at:%Y-%m-%d}"
        gpc = current.source == ConsentSource.GPC
        if current.status == ConsentStatus.WITHDRAWN:
            reason = (
                _("The person withdrew it on %(day)s (Global Privacy Control).")
                if gpc
                else _("The person withdrew it on %(day)s.")
            )
        else:
            reason = (
                _("The person refused it on %(day)s (Global Privacy Control).")
                if gpc
                else _("The person refused it on %(day)s.")
            )
        return decide(False, reason % {"day": day})
    if rule.model == OPT_OUT:
        return decide(True, _("Opt-out rule: allowed, no objection recorded."))
    granted = current is not None and current.status == ConsentStatus.GRANTED
    if granted:
        assert current is not None
        if current.expires_at is not None and current.expires_at <= moment:
            expired = _("Consent expired on %(day)s.") % {"day": f"{current.expires_at:%Y-%m-%d}"}
            if current.lawful_basis in IMPLIED_BASES:
                kind = IMPLIED_BASES[current.lawful_basis]
                implied = pack.implied.get(kind)
                return decide(False, expired, implied.citation if implied else cited)
            return decide(False, expired)
        if current.lawful_basis in _accepted_bases(pack, rule.model):
            if current.lawful_basis in IMPLIED_BASES:
                implied = pack.implied[IMPLIED_BASES[current.lawful_basis]]
                return decide(
                    True,
                    _("Implied consent in force: %(basis)s.")
                    % {"basis": jurisdictions.implied_label(implied.basis)},
                    implied.citation,
                )
            return decide(
                True, _("Consent granted on %(day)s.") % {"day": f"{current.occurred_at:%Y-%m-%d}"}
            )
    if rule.model == SOFT_OPT_IN and contact.lifecycle_stage in CUSTOMER_STAGES:
        return decide(True, _("Existing customer (soft opt-in) who has not objected."))
    if current is not None and current.status == ConsentStatus.PENDING:
        return decide(False, _("Consent not yet confirmed (double opt-in pending)."))
    if granted:
        assert current is not None
        basis = (
            LawfulBasis(current.lawful_basis).label
            if current.lawful_basis in LawfulBasis.values
            else current.lawful_basis
        )
        return decide(
            False, _("The recorded basis (%(basis)s) is not enough here.") % {"basis": basis}
        )
    return decide(False, _("Opt-in rule: no consent recorded."))


def _accepted_bases(pack: RulePack, model: str) -> set[str]:
    """Which lawful bases make a grant count under a consent model."""
    if model in (OPT_OUT, NOT_REQUIRED):
        return set(LawfulBasis.values)
    accepted = {LawfulBasis.CONSENT.value}
    accepted |= {basis for basis, kind in IMPLIED_BASES.items() if kind in pack.implied}
    if model == SOFT_OPT_IN:
        accepted.add(LawfulBasis.SOFT_OPT_IN.value)
    return accepted
