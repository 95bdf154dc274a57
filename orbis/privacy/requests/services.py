"""The only writers of data-subject requests, restrictions and the suppression list.

Every step checks `privacy.handle_requests`, validates before writing and records an audit event
naming codes and ids only. A refused step (wrong state, unknown contact, double erasure) changes
nothing and is audited too: the refusal is recorded in its own transaction before the error is
raised, so the raise does not roll the record back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from orbis.customers.models import Contact
from orbis.customers.querysets import access_contact
from orbis.identity.access import require
from orbis.kernel.crypto import blind_index
from orbis.kernel.errors import Conflict, NotFound, ValidationError
from orbis.kernel.registry import registry

from .models import (
    DataSubjectRequest,
    ProcessingRestriction,
    RequestChannel,
    RequestKind,
    RequestStatus,
    SuppliedDetail,
    SuppressionEntry,
    VerificationMethod,
)
from .querysets import (
    PERMISSION,
    is_erased,
    is_restricted,
    require_exportable,
    rule_pack,
)
from .refusals import audit_step, refuse

# Received dates may be back-dated (a letter opened late) but not set in the future.
CLOCK_SKEW = timedelta(minutes=5)
# Consent an objection withdraws (GDPR Art. 21(2)-(3): marketing, including profiling for it).
OBJECTION_PURPOSES = ("marketing", "profiling")


# --- reads -------------------------------------------------------------------------------------


def _pack_of(request: DataSubjectRequest) -> Any:
    """The rule pack the request's due date was computed with (its code is stored)."""
    from orbis.privacy import jurisdictions

    for pack in jurisdictions.all_packs():
        if pack.code == request.jurisdiction:
            return pack
    return rule_pack(request.contact)


# --- opening a request -------------------------------------------------------------------------


def _clean_open(
    kind: Any, channel: Any, supplied: Iterable[Any], received_at: datetime | None
) -> tuple[str, str, list[str], datetime]:
    errors: dict[str, str] = {}
    if kind not in RequestKind.values:
        errors["kind"] = f"Unknown kind; expected one of: {', '.join(RequestKind.values)}."
    if channel not in RequestChannel.values:
        errors["channel"] = f"Expected one of: {', '.join(RequestChannel.values)}."
    supplied = list(supplied or [])
    unknown = [s for s in supplied if s not in SuppliedDetail.values]
    if unknown:
        errors["supplied"] = f"Expected any of: {', '.join(SuppliedDetail.values)}."
    now = timezone.now()
    received = received_at or now
    if timezone.is_naive(received):
        errors["received_at"] = "Give a time zone with the time."
    elif received > now + CLOCK_SKEW:
        errors["received_at"] = "The request cannot have been received in the future."
    if errors:
        raise ValidationError(errors)
    return str(kind), str(channel), sorted(set(supplied)), received


def open_request(
    contact_id: Any,
    *,
    actor: Any,
    kind: Any,
    channel: Any,
    supplied: Iterable[Any] = (),
    received_at: datetime | None = None,
) -> DataSubjectRequest:
    """Log a request as received; its due date follows the contact's jurisdiction."""
    require(actor, PERMISSION)
    kind, channel, supplied_codes, received = _clean_open(kind, channel, supplied, received_at)
    try:
        contact = access_contact(actor, contact_id, details=False)
    except NotFound as exc:
        refuse(actor, exc, "request", contact_id=str(contact_id)[:40], kind=kind)
    if kind == RequestKind.ERASURE and is_erased(contact):
        refuse(
            actor,
            ValidationError({"contact": "This person has been erased already."}),
            "request",
            contact,
            kind=kind,
        )
    pack = rule_pack(contact)
    with transaction.atomic():
        request = DataSubjectRequest.objects.create(
            contact=contact,
            region=contact.region,
            kind=kind,
            channel=channel,
            supplied=supplied_codes,
            received_at=received,
            jurisdiction=pack.code,
            citation=str(pack.dsr_citation)[:200],
            due_at=pack.dsr_due(received),
            opened_by=actor,
        )
        audit_step(
            actor,
            "request_opened",
            request,
            region=contact.region.code,
            contact_id=str(contact.pk),
            kind=kind,
            channel=channel,
            supplied=supplied_codes,
            jurisdiction=pack.code,
            due_at=request.due_at.isoformat(),
        )
    return request


# --- steps -------------------------------------------------------------------------------------


def _step_allowed(
    actor: Any, request: DataSubjectRequest, step: str, statuses: Iterable[str], message: str
) -> None:
    require(actor, PERMISSION)
    if request.status not in statuses:
        refuse(actor, Conflict(message), step, request, status=request.status)


def _save(request: DataSubjectRequest, action: str, actor: Any, **changes: Any) -> None:
    with transaction.atomic():
        request.save()
        audit_step(actor, action, request, region=request.region.code, **changes)


def ask_for_identity_proof(
    request: DataSubjectRequest,
    method: Any,
    *,
    actor: Any,
) -> None:
    """Note how the requester was asked to prove who they are; the request waits for it."""
    _step_allowed(
        actor, request, "verification", [RequestStatus.RECEIVED], "Identity is being verified."
    )
    if method not in VerificationMethod.values:
        raise ValidationError({"method": "Choose how identity is verified."})
    request.status = RequestStatus.VERIFYING
    request.verification_method = method
    _save(request, "identity_proof_requested", actor, method=method)


def verify_identity(
    request: DataSubjectRequest,
    method: Any,
    *,
    actor: Any,
) -> None:
    """Record that the requester is the person (GDPR Art. 12(6)); nothing proceeds before it."""
    _step_allowed(
        actor,
        request,
        "verification",
        [RequestStatus.RECEIVED, RequestStatus.VERIFYING],
        "Identity has been verified already, or the request is closed.",
    )
    if method not in VerificationMethod.values:
        raise ValidationError({"method": "Choose how identity was verified."})
    request.status = RequestStatus.IN_PROGRESS
    request.verification_method = method
    request.verified_by = actor
    request.verified_at = timezone.now()
    _save(request, "identity_verified", actor, method=method)


def extend_deadline(
    request: DataSubjectRequest,
    reason: str,
    *,
    actor: Any,
) -> None:
    """Move the due date to the jurisdiction's extended limit, once, with a reason."""
    _step_allowed(actor, request, "extension", [*_open()], "Only an open request can be extended.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why more time is needed."})
    if len(reason) > 500:
        raise ValidationError({"reason": "At most 500 characters."})
    if request.extended_at is not None:
        refuse(actor, Conflict("The deadline has been extended already."), "extension", request)
    extended = _pack_of(request).dsr_extended_due(request.received_at)
    if extended <= request.due_at:
        refuse(
            actor,
            ValidationError({"reason": "The law of this jurisdiction allows no extension."}),
            "extension",
            request,
            jurisdiction=request.jurisdiction,
        )
    previous = request.due_at
    request.due_at = extended
    request.extended_at = timezone.now()
    request.extension_reason = reason
    _save(
        request,
        "deadline_extended",
        actor,
        due_at={"from": previous.isoformat(), "to": extended.isoformat()},
    )


def reject_request(
    request: DataSubjectRequest,
    reason: str,
    *,
    actor: Any,
) -> None:
    """Close the request unanswered (identity not proven, manifestly unfounded: Art. 12(5))."""
    _step_allowed(actor, request, "rejection", [*_open()], "The request is closed already.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the request is rejected."})
    request.status = RequestStatus.REJECTED
    request.outcome = reason[:2000]
    request.closed_by = actor
    request.closed_at = timezone.now()
    _save(request, "request_rejected", actor)


def _open() -> list[str]:
    return [RequestStatus.RECEIVED, RequestStatus.VERIFYING, RequestStatus.IN_PROGRESS]


def _require_verified(actor: Any, request: DataSubjectRequest, step: str) -> None:
    require(actor, PERMISSION)
    if request.status in (RequestStatus.RECEIVED, RequestStatus.VERIFYING):
        refuse(actor, Conflict("Verify the requester's identity first."), step, request)
    if request.status != RequestStatus.IN_PROGRESS:
        refuse(actor, Conflict("The request is closed already."), step, request)


def complete_request(
    request: DataSubjectRequest,
    note: str = "",
    *,
    actor: Any,
) -> None:
    """Carry out what the request asks (erase, restrict, object) and close it."""
    _require_verified(actor, request, "completion")
    kind = request.kind
    if kind in (RequestKind.ACCESS, RequestKind.PORTABILITY) and request.exported_at is None:
        refuse(actor, Conflict("Download the export for the person first."), "completion", request)
    if kind == RequestKind.ERASURE and is_erased(request.contact):
        refuse(actor, Conflict("This person has been erased already."), "erasure", request.contact)
    with transaction.atomic():
        done: dict[str, Any] = {}
        if kind == RequestKind.ERASURE:
            done = _erase(request, actor)
        elif kind == RequestKind.RESTRICTION:
            done = _restrict(request)
        elif kind == RequestKind.OBJECTION:
            done = _object(request)
        request.status = RequestStatus.COMPLETED
        request.outcome = (note or "").strip()[:2000]
        request.closed_by = actor
        request.closed_at = timezone.now()
        _save(request, "request_completed", actor, kind=kind, **done)


def erase(
    request: DataSubjectRequest,
    *,
    actor: Any,
) -> None:
    """Erase the person of an erasure request: the same as completing it."""
    if request.kind != RequestKind.ERASURE:
        raise ValidationError({"kind": "Only an erasure request erases the person."})
    complete_request(request, actor=actor)


def _erase(request: DataSubjectRequest, actor: Any) -> dict[str, Any]:
    """Every app anonymises what it holds; the person's emails and phones join the suppression
    list as blind indexes, so an import cannot bring them back."""
    contact = request.contact
    suppressed = {
        (point.kind, blind_index(point.kind, point.value))
        for point in contact.points.all()
        if point.kind in SuppressionEntry.Kind.values
    }
    # Customers last: other apps may still read the contact while they erase their part.
    handlers = sorted(
        registry.personal_data_handlers.values(), key=lambda h: h.app_label == "customers"
    )
    for handler in handlers:
        handler.erase(contact, actor=actor)
    SuppressionEntry.objects.bulk_create(
        [
            SuppressionEntry(kind=kind, blind_index=index, request=request)
            for kind, index in suppressed
        ],
        ignore_conflicts=True,
    )
    return {"apps": [h.app_label for h in handlers], "suppressed": len(suppressed)}


def _restrict(request: DataSubjectRequest) -> dict[str, Any]:
    if not is_restricted(request.contact):
        ProcessingRestriction.objects.create(
            contact=request.contact, request=request, restricted_at=timezone.now()
        )
    return {"restricted": True}


def _object(request: DataSubjectRequest) -> dict[str, Any]:
    from orbis.privacy.services import THE_PERSON, withdraw_consent

    # The person withdraws through their request (actor None: the data subject acting); the
    # officer completing it is audited on the request, and needs only privacy.handle_requests.
    for purpose in OBJECTION_PURPOSES:
        withdraw_consent(
            request.contact, purpose=purpose, channel="any", source="request", actor=THE_PERSON
        )
    return {"withdrawn": list(OBJECTION_PURPOSES)}


def lift_restriction(
    contact: Contact,
    *,
    actor: Any,
) -> None:
    """End a restriction (the person must be told before: GDPR Art. 18(3))."""
    require(actor, PERMISSION)
    with transaction.atomic():
        count = ProcessingRestriction.objects.filter(
            contact=contact, lifted_at__isnull=True
        ).update(lifted_at=timezone.now())
        if count:
            audit_step(actor, "restriction_lifted", contact, region=contact.region.code)


def record_export(
    request: DataSubjectRequest,
    apps: list[str],
    *,
    actor: Any,
) -> None:
    """Audit an access export handed out and tell the read observers (transfer log)."""
    require_exportable(actor, request)
    request.exported_at = timezone.now()
    with transaction.atomic():
        request.save(update_fields=["exported_at", "updated_at"])
        audit_step(actor, "export_downloaded", request, region=request.region.code, apps=apps)
        registry.personal_data_read(actor, "customers.contact", [request.contact_id], "export")


# --- intake: the suppression list --------------------------------------------------------------
