"""Residency policies and the transfer log, retention, records of processing, breach register."""

from __future__ import annotations

from typing import Any, Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from orbis.identity.access import has_permission
from orbis.kernel.models import BaseModel
from orbis.localisation.models import Region


class Mechanism(models.TextChoices):
    """The legal ground on which personal data may be accessed from another region."""

    ADEQUACY = "adequacy", _("Adequacy decision")
    SCC = "scc", _("Standard contractual clauses")
    BCR = "bcr", _("Binding corporate rules")
    PIPL_CONTRACT = "pipl_contract", _("PIPL standard contract, separate consent and PIIA")
    PIPL_ASSESSMENT = "pipl_assessment", _("PIPL security assessment, separate consent and PIIA")
    CONSENT = "consent", _("Explicit consent")


class PolicyQuerySet(models.QuerySet):
    """Organisation-wide policies: readable with privacy.view, whatever the user's regions."""

    def visible_to(self, user: Any, action: str = "view") -> Self:
        permission = {"view": "privacy.view", "change": "privacy.manage_policies"}[action]
        return self.all() if has_permission(user, permission) else self.none()


class ResidencyPolicy(BaseModel):
    """Whether users of one region may reach personal data held in another, and on what ground."""

    user_region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    data_region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    allowed = models.BooleanField(default=False)
    mechanism = models.CharField(max_length=32, choices=Mechanism.choices, blank=True)
    reference = models.CharField(
        max_length=200, blank=True, help_text="Where the mechanism is documented"
    )

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["data_region__code", "user_region__code"]
        constraints = [
            models.UniqueConstraint(fields=["user_region", "data_region"], name="residency_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.data_region_id} -> {self.user_region_id}: {self.allowed}"


class TransferLog(models.Model):
    """One access to personal data held in another region than the user's own (or its refusal)."""

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", _("Allowed")
        REFUSED = "refused", _("Refused")

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor_id = models.CharField(max_length=64, blank=True)
    actor_label = models.CharField(max_length=150, blank=True)
    from_region = models.CharField(max_length=32, help_text="Region holding the data")
    to_region = models.CharField(max_length=32, help_text="Region of the user")
    mechanism = models.CharField(max_length=32, blank=True)
    target_type = models.CharField(max_length=100)
    target_ids = models.JSONField(default=list)
    channel = models.CharField(max_length=32)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.ALLOWED)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["from_region", "occurred_at"], name="transfer_from_idx")]

    def __str__(self) -> str:
        return f"{self.from_region} -> {self.to_region} ({len(self.target_ids)})"


class RetentionPolicy(BaseModel):
    """How long one kind of contact record is kept in a market (or in all) before it goes."""

    class RecordType(models.TextChoices):
        INACTIVE_LEAD = "inactive_lead", _("Lead without activity")
        ARCHIVED_CONTACT = "archived_contact", _("Archived contact")
        INACTIVE_CONTACT = "inactive_contact", _("Contact without activity")

    class Action(models.TextChoices):
        ANONYMISE = "anonymise", _("Anonymise")
        ERASE = "erase", _("Erase")

    name = models.CharField(max_length=100)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166; empty: all markets")
    record_type = models.CharField(max_length=32, choices=RecordType.choices)
    months = models.PositiveIntegerField()
    action = models.CharField(max_length=16, choices=Action.choices)
    reason = models.CharField(max_length=200, blank=True, help_text="Why this period")
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["record_type", "country", "months"]

    def __str__(self) -> str:
        return self.name


class RetentionRun(BaseModel):
    """One application of a retention policy: when, by whom, how many records went."""

    policy = models.ForeignKey(RetentionPolicy, on_delete=models.PROTECT, related_name="runs")
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=16)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.policy_id}: {self.count}"


class RetentionDisposal(models.Model):
    """A record that a retention run anonymised or erased, so no later run takes it again."""

    id = models.BigAutoField(primary_key=True)
    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="disposals")
    target_type = models.CharField(max_length=100)
    target_id = models.UUIDField()
    action = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id"], name="disposal_once"),
        ]

    def __str__(self) -> str:
        return f"{self.target_type}:{self.target_id} {self.action}"


class LawfulBasis(models.TextChoices):
    """GDPR Art. 6(1) (a)-(f)."""

    CONSENT = "consent", _("Consent")
    CONTRACT = "contract", _("Contract")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    VITAL_INTERESTS = "vital_interests", _("Vital interests")
    PUBLIC_TASK = "public_task", _("Public task")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests")


class ProcessingActivity(BaseModel):
    """What the organisation documents about one purpose for the record of processing (Art. 30)."""

    purpose = models.CharField(max_length=64, unique=True, help_text="As the apps declare it")
    name = models.CharField(max_length=150)
    lawful_basis = models.CharField(max_length=32, choices=LawfulBasis.choices)
    data_subjects = models.CharField(max_length=300, help_text="Categories of data subjects")
    recipients = models.CharField(max_length=300, blank=True)
    security_measures = models.TextField(blank=True)

    class Meta:
        ordering = ["purpose"]

    def __str__(self) -> str:
        return self.name


class Breach(BaseModel):
    """A personal-data breach: what happened, whom it touches, and how it is being handled."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONTAINED = "contained", _("Contained")
        CLOSED = "closed", _("Closed")

    title = models.CharField(max_length=200)
    description = models.TextField()
    discovered_at = models.DateTimeField()
    countries = models.JSONField(default=list, help_text="ISO 3166 codes of affected people")
    data_categories = models.JSONField(default=list)
    approx_subjects = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    measures = models.TextField(blank=True)

    class Meta:
        ordering = ["-discovered_at"]

    def __str__(self) -> str:
        return self.title


class BreachNotification(BaseModel):
    """A notification made about a breach: to which authority or to the people, and when."""

    class Recipient(models.TextChoices):
        AUTHORITY = "authority", _("Supervisory authority")
        INDIVIDUALS = "individuals", _("Affected people")

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.CharField(max_length=16, choices=Recipient.choices)
    jurisdiction = models.CharField(max_length=32, help_text="Rule pack code")
    notified_at = models.DateTimeField()
    reference = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["notified_at"]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.recipient}"
