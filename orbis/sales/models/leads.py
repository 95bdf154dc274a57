"""Leads: a person's interest (from a web form, the API or an import) being qualified.

The person is a contact from the moment the lead arrives (lifecycle stage "lead"): their
consent goes into the privacy ledger at once, and data-subject requests, retention and erasure
reach them like anyone else. The lead holds the qualification (status, score, owner, source)
and what conversion made (the company and the deal).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orbis.customers.models import Company, Contact, region_code
from orbis.kernel.fields import EncryptedTextField
from orbis.kernel.models import BaseModel
from orbis.localisation.models import Market, Region

from ..querysets import LeadQuerySet, WebFormQuerySet


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    WORKING = "working", _("Working")
    QUALIFIED = "qualified", _("Qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")
    CONVERTED = "converted", _("Converted")


class LeadSource(models.TextChoices):
    WEB_FORM = "web_form", _("Web form")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    EVENT = "event", _("Event")
    REFERRAL = "referral", _("Referral")
    MANUAL = "manual", _("Entered by hand")


class WebForm(BaseModel):
    """A public web-to-lead form, embeddable on the company's sites with one snippet."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    default_country = models.CharField(_("Default country"), max_length=2, blank=True)
    ask_marketing = models.BooleanField(_("Ask for marketing consent"), default=True)
    allowed_origins = models.JSONField(
        default=list, blank=True, help_text="Sites that may embed the form (https://example.com)"
    )
    is_active = models.BooleanField(default=True)

    objects = WebFormQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Lead(BaseModel):
    """A person's interest being qualified: status, score, owner, source, and what they wrote."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="leads")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    market = models.ForeignKey(
        Market, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=12, choices=LeadStatus.choices, default=LeadStatus.NEW)
    score = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=12, choices=LeadSource.choices)
    web_form = models.ForeignKey(
        WebForm, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    company_name = models.CharField(_("Company (as given)"), max_length=200, blank=True)
    job_title = models.CharField(_("Job title"), max_length=120, blank=True)
    # What the person wrote: free text, so personal data, encrypted at rest.
    message = EncryptedTextField(verbose_name=_("Message"), blank=True, default="")
    converted_at = models.DateTimeField(null=True, blank=True)
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deal = models.ForeignKey(
        "sales.Deal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["region", "status", "created_at"], name="lead_region_status_idx"),
            models.Index(fields=["created_at", "id"], name="lead_created_idx"),
        ]

    def __str__(self) -> str:
        return f"Lead {self.pk}"

    def encryption_domain(self) -> str:
        return region_code(self.region_id)
