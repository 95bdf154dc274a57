"""Reads of data-subject requests and of what they did to a person: erased, restricted."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from orbis.customers.models import Contact
from orbis.identity.access import require
from orbis.kernel.errors import Conflict, NotFound
from orbis.kernel.ids import parse_uuid
from orbis.kernel.registry import WorkCount

from .models import (
    DataSubjectRequest,
    ProcessingRestriction,
    RequestKind,
    RequestStatus,
)
from .refusals import refuse

# Acting on requests (verifying, extending, completing, exporting, erasing).
PERMISSION = "privacy.handle_requests"


def access_request(user: Any, request_id: Any) -> DataSubjectRequest:
    """The request if `user` may see it; NotFound otherwise (whether or not it exists)."""
    pk = parse_uuid(request_id)
    found = (
        DataSubjectRequest.objects.visible_to(user)
        .select_related("contact", "region", "verified_by", "closed_by", "opened_by")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if found is None:
        refuse(user, NotFound("No such request."), "access", request_id=str(request_id)[:40])
    return found


def open_work(user: Any) -> WorkCount:
    """Open and overdue requests in the user's regions: the privacy dashboard's card."""
    open_requests = DataSubjectRequest.objects.visible_to(user).open()
    return WorkCount(
        open=open_requests.count(), overdue=open_requests.filter(due_at__lt=timezone.now()).count()
    )


def is_erased(contact: Contact) -> bool:
    """True once an erasure request for the contact was carried out."""
    return DataSubjectRequest.objects.filter(
        contact=contact, kind=RequestKind.ERASURE, status=RequestStatus.COMPLETED
    ).exists()


def is_restricted(contact: Contact) -> bool:
    """True while processing of the contact is restricted: keep the data, send no marketing."""
    return ProcessingRestriction.objects.filter(contact=contact, lifted_at__isnull=True).exists()


def restriction_block(contact: Contact) -> tuple[str, str] | None:
    """can_contact's answer while processing is restricted: no use but storage (Art. 18(2))."""
    if is_restricted(contact):
        return ("Processing is restricted at the person's request.", "GDPR Art. 18(1)-(2)")
    return None


def rule_pack(contact: Contact) -> Any:
    from orbis.privacy import jurisdictions

    return jurisdictions.for_contact(contact)


def require_exportable(actor: Any, request: DataSubjectRequest) -> None:
    require(actor, PERMISSION)
    if request.kind not in (RequestKind.ACCESS, RequestKind.PORTABILITY):
        refuse(
            actor, Conflict("Only access and portability requests export data."), "export", request
        )
    if request.status in (RequestStatus.RECEIVED, RequestStatus.VERIFYING):
        refuse(actor, Conflict("Verify the requester's identity first."), "export", request)
    if request.status == RequestStatus.REJECTED:
        refuse(actor, Conflict("The request was rejected."), "export", request)
