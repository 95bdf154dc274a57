"""The consent ledger: an append-only history of consent events and the current state per
(contact, purpose, channel) that can_contact reads."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orbis.identity.querysets import RegionScopedQuerySet
from orbis.kernel.models import BaseModel


class Purpose(models.TextChoices):
    MARKETING = "marketing", _("Marketing")
    PROFILING = "profiling", _("Profiling")
    SALE_SHARING = "sale_sharing", _("Sale or sharing")
    TRANSFER = "transfer", _("Transfer abroad")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    PHONE = "phone", _("Phone")
    POST = "post", _("Post")
    ANY = "any", _("All channels")


class ConsentStatus(models.TextChoices):
    GRANTED = "granted", _("Granted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    PENDING = "pending", _("Pending confirmation")
    DENIED = "denied", _("Denied")


class LawfulBasis(models.TextChoices):
    CONSENT = "consent", _("Consent")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
    CONTRACT = "contract", _("Contract")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    IMPLIED_PURCHASE = "implied_purchase", _("Implied (purchase)")
    IMPLIED_INQUIRY = "implied_inquiry", _("Implied (inquiry)")
    SOFT_OPT_IN = "soft_opt_in", _("Soft opt-in (existing customer)")


class ConsentSource(models.TextChoices):
    FORM = "form", _("Web form")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    PREFERENCE_PAGE = "preference_page", _("Preference page")
    DOUBLE_OPT_IN = "double_opt_in", _("Double opt-in")
    GPC = "gpc", _("Global Privacy Control")
    REQUEST = "request", _("Request to the privacy officer")


class AppendOnlyError(Exception):
    """A consent event was to be changed or deleted; the ledger only grows."""


class ConsentEventQuerySet(RegionScopedQuerySet):
    """Reads scoped like the contacts they belong to; no bulk update or delete."""

    actions = {"view": "privacy.view", "change": "privacy.manage_consent"}
    region_field = "contact__region_id"

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Consent events are never changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Consent events are never deleted.")

    def _erase_evidence(self) -> int:
        """Erasure (GDPR Art. 17) blanks the network evidence; the decision itself stays as
        proof (Art. 7(1)) and so that a withdrawal keeps being honoured."""
        return models.QuerySet.update(self, ip_address=None, user_agent="")


class ConsentEvent(BaseModel):
    """One consent decision of a person, with its evidence; never changed once written."""

    contact = models.ForeignKey(
        "customers.Contact", on_delete=models.CASCADE, related_name="consent_events"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=ConsentStatus.choices)
    lawful_basis = models.CharField(max_length=24, choices=LawfulBasis.choices, blank=True)
    source = models.CharField(max_length=20, choices=ConsentSource.choices)
    occurred_at = models.DateTimeField(help_text="When the person acted (a purchase date, a click)")
    expires_at = models.DateTimeField(null=True, blank=True)
    wording = models.TextField(blank=True, help_text="The text the person was shown")
    wording_version = models.CharField(max_length=50, blank=True)
    # Verbose names: the records of processing name each personal field by them.
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("Browser (user agent)"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_label = models.CharField(max_length=150, blank=True)
    rule_pack = models.CharField(max_length=20)
    rule_pack_version = models.CharField(max_length=20)
    confirms = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="confirmation",
        help_text="The pending event this double opt-in confirms",
    )

    objects = ConsentEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-created_at"]
        indexes = [
            models.Index(
                fields=["contact", "purpose", "channel", "occurred_at"], name="consent_event_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose}/{self.channel}: {self.status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Consent events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Consent events are never deleted.")


class ConsentStateQuerySet(RegionScopedQuerySet):
    """Current states, scoped like the contacts they belong to."""

    actions = {"view": "privacy.view", "change": "privacy.manage_consent"}
    region_field = "contact__region_id"


class ConsentState(models.Model):
    """The latest decisive consent event per contact, purpose and channel, for fast checks."""

    contact = models.ForeignKey(
        "customers.Contact", on_delete=models.CASCADE, related_name="consent_states"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=ConsentStatus.choices)
    lawful_basis = models.CharField(max_length=24, choices=LawfulBasis.choices, blank=True)
    occurred_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    event = models.ForeignKey(ConsentEvent, on_delete=models.CASCADE, related_name="+")

    objects = ConsentStateQuerySet.as_manager()

    class Meta:
        ordering = ["purpose", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "purpose", "channel"], name="uniq_consent_state"
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose}/{self.channel}: {self.status}"


class LinkRefusal(models.Model):
    """How often a public link was refused, per hour, link and reason: one row that counts, not
    an audit event per request, so anonymous visitors cannot grow the audit chain (issue 12)."""

    hour = models.DateTimeField()
    link = models.CharField(max_length=16)  # "preferences", "confirm"
    reason = models.CharField(max_length=16)  # "forged", "expired", "used"
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hour", "link", "reason"], name="uniq_link_refusal")
        ]

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H}h {self.link} {self.reason}: {self.count}"
