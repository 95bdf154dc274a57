"""Data-subject requests, the restrictions they put in place and the suppression list."""

from __future__ import annotations

from datetime import datetime
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orbis.customers.models import Contact
from orbis.identity.querysets import RegionScopedQuerySet
from orbis.kernel.models import BaseModel
from orbis.localisation.models import Region


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access")
    PORTABILITY = "portability", _("Portability")
    RECTIFICATION = "rectification", _("Rectification")
    ERASURE = "erasure", _("Erasure")
    RESTRICTION = "restriction", _("Restriction")
    OBJECTION = "objection", _("Objection")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFYING = "verifying", _("Identity verification")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")


OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.VERIFYING, RequestStatus.IN_PROGRESS)


class RequestChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone")
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("In person")


class SuppliedDetail(models.TextChoices):
    """What the requester gave to identify themselves: kinds only, never the values."""

    NAME = "name", _("Name")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    ADDRESS = "address", _("Address")
    CUSTOMER_NUMBER = "customer_number", _("Customer number")


class VerificationMethod(models.TextChoices):
    EMAIL_ON_FILE = "email_on_file", _("Reply from the email on file")
    PHONE_ON_FILE = "phone_on_file", _("Call back to the phone on file")
    ID_DOCUMENT = "id_document", _("Identity document seen (not kept)")
    KNOWN_DETAILS = "known_details", _("Details only the person knows")


class DataSubjectRequestQuerySet(RegionScopedQuerySet):
    """Requests scoped by the region of the person's data: privacy.view to read them,
    privacy.handle_requests to act on them."""

    actions = {"view": "privacy.view", "change": "privacy.handle_requests"}

    def open(self) -> Self:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now: datetime | None = None) -> Self:
        return self.open().filter(due_at__lt=now or timezone.now())


class DataSubjectRequest(BaseModel):
    """A person's request to see, move, correct, erase, restrict or object to their data."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    channel = models.CharField(max_length=20, choices=RequestChannel.choices)
    supplied = models.JSONField(default=list, blank=True, help_text="SuppliedDetail codes")
    received_at = models.DateTimeField()
    jurisdiction = models.CharField(max_length=32, help_text="Rule pack code")
    citation = models.CharField(max_length=200, blank=True)
    due_at = models.DateTimeField()
    extended_at = models.DateTimeField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    verification_method = models.CharField(
        max_length=20, choices=VerificationMethod.choices, blank=True
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="Rejection reason or completion note")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = DataSubjectRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="dsr_status_due_idx"),
            models.Index(fields=["region", "status", "due_at"], name="dsr_region_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"

    @property
    def reference(self) -> str:
        return str(self.pk).replace("-", "")[:8].upper()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.is_open and self.due_at < (now or timezone.now())


class ProcessingRestrictionQuerySet(RegionScopedQuerySet):
    """Restrictions scoped like the contacts they hold back."""

    actions = {"view": "privacy.view", "change": "privacy.handle_requests"}
    region_field = "contact__region_id"


class ProcessingRestriction(BaseModel):
    """A contact whose data may be kept but not used for marketing (GDPR Art. 18)."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        DataSubjectRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    restricted_at = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = ProcessingRestrictionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["contact", "lifted_at"], name="restriction_contact_idx")]

    def __str__(self) -> str:
        return f"restriction {self.contact_id}"


class SuppressionQuerySet(RegionScopedQuerySet):
    """Entries scoped like the erasure request that made them. The intake check alone reads
    across regions (suppression.refuse_suppressed): an erased person must not come back in any
    market, and it learns only whether a value it was given is suppressed."""

    actions = {"view": "privacy.view"}
    region_field = "request__region_id"


class SuppressionEntry(BaseModel):
    """The blind index of an erased person's email or phone: intake refuses it from then on."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")

    kind = models.CharField(max_length=5, choices=Kind.choices)
    blind_index = models.CharField(max_length=64)
    request = models.ForeignKey(
        DataSubjectRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SuppressionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "blind_index"], name="uniq_suppression")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.blind_index[:12]}"
