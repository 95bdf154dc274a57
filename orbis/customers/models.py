"""People and organisations the company deals with, and how to reach them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orbis.kernel import crypto
from orbis.kernel.fields import (
    BlindIndexField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
    SealedValuesJSONField,
)
from orbis.kernel.models import BaseModel
from orbis.localisation import names
from orbis.localisation.models import Region

from .querysets import CompanyQuerySet, ContactChildQuerySet, ContactQuerySet

_REGION_CODES: dict[Any, str] = {}


def region_code(region_id: Any) -> str:
    """A region's code by id, cached: codes do not change, and every encrypted save needs one."""
    code = _REGION_CODES.get(region_id)
    if code is None:
        _REGION_CODES.update(Region.objects.values_list("id", "code"))
        code = _REGION_CODES[region_id]
    return code


def sensitive_custom_keys(entity: str) -> set[str]:
    """Keys of the custom fields of `entity` marked sensitive: their values are stored sealed."""
    return set(
        CustomFieldDefinition.objects.filter(entity=entity, sensitive=True).values_list(
            "key", flat=True
        )
    )


class LifecycleStage(models.TextChoices):
    SUBSCRIBER = "subscriber", _("Subscriber")
    LEAD = "lead", _("Lead")
    MQL = "mql", _("Marketing qualified lead")
    SQL = "sql", _("Sales qualified lead")
    OPPORTUNITY = "opportunity", _("Opportunity")
    CUSTOMER = "customer", _("Customer")
    EVANGELIST = "evangelist", _("Evangelist")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    WEB = "web", _("Web form")
    IMPORT = "import", _("Import")
    API = "api", _("API")
    REFERRAL = "referral", _("Referral")
    EVENT = "event", _("Event")
    PARTNER = "partner", _("Partner")
    OTHER = "other", _("Other")


class Honorific(models.TextChoices):
    """How a person is addressed in a formal greeting; the words come from each language."""

    NONE = "", _("None")
    MR = "mr", _("Mr")
    MS = "ms", _("Ms")
    MX = "mx", _("Mx")


class Tag(BaseModel):
    """A label shared by contacts and companies, e.g. 'vip' or 'trade-show-2026'."""

    name = models.SlugField(max_length=50, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Company(BaseModel):
    """An organisation: a customer, prospect or partner, owned by one data region."""

    name = models.CharField(max_length=200)
    legal_name = models.CharField(max_length=200, blank=True)
    latin_name = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=2)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    website = models.URLField(blank=True)
    industry = models.CharField(max_length=100, blank=True)
    # db_default as well: the bulk loader writes rows with raw SQL and names only some columns.
    vat_number = models.CharField(
        max_length=40,
        blank=True,
        db_default="",
        help_text="VAT or GST number, compact form (python-stdnum)",
    )
    tax_id = models.CharField(
        max_length=40,
        blank=True,
        db_default="",
        help_text="National tax or company number (python-stdnum)",
    )
    phone = models.CharField(max_length=20, blank=True, help_text="E.164")
    addresses = models.JSONField(default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifecycle_stage = models.CharField(
        max_length=20, choices=LifecycleStage.choices, default=LifecycleStage.LEAD
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    tags = models.ManyToManyField(Tag, blank=True, related_name="companies")
    custom_fields = SealedValuesJSONField(default=dict, blank=True)
    sort_name = models.CharField(max_length=200, editable=False)
    search_document = models.TextField(blank=True, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["sort_name", "id"]
        indexes = [
            models.Index(fields=["region", "sort_name", "id"], name="company_region_sort_idx"),
            models.Index(fields=["sort_name", "id"], name="company_sort_idx"),
            models.Index(fields=["updated_at", "id"], name="company_updated_idx"),
            models.Index(fields=["country", "sort_name", "id"], name="company_country_sort_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def encryption_domain(self) -> str:
        return region_code(self.region_id)

    def sensitive_keys(self, field_name: str) -> set[str]:
        return sensitive_custom_keys("company")


class Contact(BaseModel):
    """A person, with their names in their own script and in Latin letters, and a home region."""

    # Verbose names: the records of processing name each personal field by them.
    given_name = models.CharField(_("Given name"), max_length=100, blank=True)
    family_name = models.CharField(_("Family name"), max_length=100, blank=True)
    latin_given_name = models.CharField(_("Given name (Latin)"), max_length=100, blank=True)
    latin_family_name = models.CharField(_("Family name (Latin)"), max_length=100, blank=True)
    honorific = models.CharField(
        _("Honorific"), max_length=4, choices=Honorific.choices, blank=True, db_default=""
    )
    academic_title = models.CharField(
        _("Academic title"), max_length=40, blank=True, db_default="", help_text="e.g. Dr., Prof."
    )
    language = models.CharField(_("Preferred language"), max_length=16, blank=True)
    locale = models.CharField(_("Locale"), max_length=16, blank=True)
    time_zone = models.CharField(_("Time zone"), max_length=64, blank=True)
    country = models.CharField(_("Country"), max_length=2)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", help_text="Where the data resides"
    )
    # Encrypted at rest (street lines, postal codes...): one token per contact's address list.
    addresses = EncryptedJSONField(verbose_name=_("Addresses"), default=list, blank=True)
    birth_date = EncryptedDateField(verbose_name=_("Date of birth"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifecycle_stage = models.CharField(
        max_length=20, choices=LifecycleStage.choices, default=LifecycleStage.LEAD
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    tags = models.ManyToManyField(Tag, blank=True, related_name="contacts", verbose_name=_("Tags"))
    companies = models.ManyToManyField(Company, through="Employment", related_name="people")
    custom_fields = SealedValuesJSONField(verbose_name=_("Custom fields"), default=dict, blank=True)
    sort_name = models.CharField(max_length=200, editable=False)
    search_document = models.TextField(blank=True, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("Contact")
        verbose_name_plural = _("Contacts")
        ordering = ["sort_name", "id"]
        indexes = [
            models.Index(fields=["region", "sort_name", "id"], name="contact_region_sort_idx"),
            models.Index(fields=["sort_name", "id"], name="contact_sort_idx"),
            models.Index(fields=["updated_at", "id"], name="contact_updated_idx"),
            models.Index(fields=["owner", "sort_name", "id"], name="contact_owner_idx"),
            models.Index(fields=["country", "sort_name", "id"], name="contact_country_sort_idx"),
            models.Index(
                fields=["lifecycle_stage", "sort_name", "id"], name="contact_stage_sort_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def encryption_domain(self) -> str:
        return region_code(self.region_id)

    def sensitive_keys(self, field_name: str) -> set[str]:
        return sensitive_custom_keys("contact")

    @property
    def person_name(self) -> names.PersonName:
        return names.PersonName.of(self)

    @property
    def display_name(self) -> str:
        """The name as the person's culture writes it (family first for CJK, HU, VI)."""
        return names.full_name(self.person_name)

    @property
    def latin_display_name(self) -> str:
        return names.latin_name(self.person_name)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class ContactPoint(BaseModel):
    """One email address or phone number of a contact, with its label (work, home, mobile)."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="points")
    kind = models.CharField(_("Email or phone"), max_length=5, choices=Kind.choices)
    label = models.CharField(_("Email or phone label"), max_length=20, default="work")
    value = EncryptedTextField(
        verbose_name=_("Email address or phone number"),
        help_text="Email lower-cased, or phone in E.164; encrypted",
    )
    # Exact lookups (search by a whole email or number, duplicates) match these keyed hashes.
    value_index = BlindIndexField(compute="value_blind_index")
    domain_index = BlindIndexField(compute="domain_blind_index", db_default="")
    is_primary = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ContactChildQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "position"]
        indexes = [
            models.Index(fields=["kind", "value_index"], name="contactpoint_lookup_idx"),
            models.Index(fields=["domain_index"], name="contactpoint_domain_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.label}"

    def encryption_domain(self) -> str:
        return region_code(self.contact.region_id)

    def value_blind_index(self) -> str:
        return crypto.blind_index(self.kind, self.value) if self.value else ""

    def domain_blind_index(self) -> str:
        return email_domain_index(self.value) if self.kind == self.Kind.EMAIL else ""


def email_domain_index(email: str) -> str:
    """Blind index of an email's domain ('acme.com'), so '@acme.com' still finds people."""
    domain = email.rpartition("@")[2]
    return crypto.blind_index("email_domain", domain) if domain else ""


class Employment(BaseModel):
    """A contact working at a company, with their job title."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="employments")
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="employments", verbose_name=_("Employer")
    )
    title = models.CharField(_("Job title"), max_length=150, blank=True)
    is_primary = models.BooleanField(default=True)

    objects = ContactChildQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact", "company"], name="uniq_employment")
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} @ {self.company_id}"


class CustomFieldDefinition(BaseModel):
    """A field an admin added to contacts or companies; values live in `custom_fields` JSON."""

    class Entity(models.TextChoices):
        CONTACT = "contact", _("Contact")
        COMPANY = "company", _("Company")

    class FieldType(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        INTEGER = "integer", _("Whole number")
        BOOLEAN = "boolean", _("Yes/no")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice")
        EMAIL = "email", _("Email")
        URL = "url", _("Web address")

    entity = models.CharField(max_length=10, choices=Entity.choices)
    key = models.SlugField(max_length=50, help_text="Name used in the API and in JSON")
    label = models.CharField(max_length=100)
    field_type = models.CharField(max_length=10, choices=FieldType.choices)
    required = models.BooleanField(default=False)
    choices = models.JSONField(default=list, blank=True)
    max_length = models.PositiveIntegerField(default=255)
    position = models.PositiveSmallIntegerField(default=0)
    sensitive = models.BooleanField(
        default=False, db_default=False, help_text="Values are encrypted at rest"
    )

    class Meta:
        ordering = ["entity", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "key"], name="uniq_custom_field_key")
        ]

    def __str__(self) -> str:
        return f"{self.entity}.{self.key}"
