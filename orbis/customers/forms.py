"""Forms for contacts and companies.

The forms only shape what a browser sends into the dict the services take; the services do
the validation, and `attach_errors` puts each of their errors (`emails.0.value`,
`addresses.0.postal_code`, `custom_fields.tier`) next to the field it names.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

import pycountry
from babel import Locale, UnknownLocaleError
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from orbis.identity.forms import time_zone_choices
from orbis.identity.models import User
from orbis.kernel.ids import parse_uuid
from orbis.kernel.web.forms import StyledFormMixin
from orbis.localisation import identifiers
from orbis.localisation.countries import country_name
from orbis.localisation.models import Market, Region

from .address_form import BaseRowFormSet
from .models import Company, Contact, CustomFieldDefinition, Honorific, LifecycleStage, Source

FieldType = CustomFieldDefinition.FieldType
POINT_LABELS = [
    ("work", _("Work")),
    ("home", _("Home")),
    ("mobile", _("Mobile")),
    ("other", _("Other")),
]


@cache
def _country_choices(language: str) -> list[tuple[str, str]]:
    locale = language.replace("-", "_")
    pairs = [(c.alpha_2, country_name(c.alpha_2, locale)) for c in pycountry.countries]
    return sorted(pairs, key=lambda pair: pair[1].casefold())


def country_choices() -> list[tuple[str, str]]:
    return _country_choices(translation.get_language() or "en")


def contact_language_choices(current: str = "") -> list[tuple[str, str]]:
    """The languages of the markets and of the UI, named in the viewer's language, plus the
    contact's own when it is another (a stored tag is never dropped by editing)."""
    tags = {t for langs in Market.objects.values_list("languages", flat=True) for t in langs or []}
    tags |= set(Market.objects.values_list("default_language", flat=True))
    tags |= {code for code, _name in settings.LANGUAGES}
    if current:
        tags.add(current)
    viewer = (translation.get_language() or "en").replace("-", "_")
    named = set()
    for tag in tags:
        try:
            locale = Locale.parse(tag.replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            named.add((tag, tag))  # kept as stored, so editing never drops it
            continue
        named.add((str(locale).replace("_", "-"), locale.get_display_name(viewer) or tag))
    return sorted(named, key=lambda pair: pair[1].casefold())


def owner_choices() -> list[tuple[str, str]]:
    users = User.objects.filter(is_active=True).only("id", "username", "first_name", "last_name")
    return [("", "—")] + [(str(u.pk), str(u)) for u in users]


def region_choices() -> list[tuple[str, Any]]:
    return [("", _("From the country"))] + [(r.code, r.name) for r in Region.objects.all()]


class PointForm(StyledFormMixin, forms.Form):
    """One email address or phone number row; which row is primary is one radio group."""

    value = forms.CharField(required=False, max_length=254, label=_("Value"))
    label = forms.ChoiceField(required=False, choices=POINT_LABELS, label=_("Label"))

    main_field = "value"
    row_index = 0
    absent = False
    is_primary = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.initial.get("label") or (
            self.data.get(self.add_prefix("label")) if self.is_bound else None
        )
        if current and current not in dict(POINT_LABELS):
            self.fields["label"].choices = [*POINT_LABELS, (current, current)]  # type: ignore[attr-defined]


class BasePointFormSet(BaseRowFormSet):
    """Email or phone rows; `<prefix>-primary` carries the index of the primary row."""

    def primary_index(self) -> int | None:
        if self.is_bound:
            raw = self.data.get(f"{self.prefix}-primary", "")
            return int(raw) if str(raw).isdigit() else None
        for index, initial in enumerate(self.initial or []):
            if initial.get("primary"):
                return index
        return 0

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)
        form.is_primary = i == self.primary_index()  # type: ignore[attr-defined]
        return form

    def items(self) -> tuple[list[dict[str, Any]], list[int]]:
        """The filled-in rows as the services take them, and each one's form index."""
        items, rows = [], []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            value = (data.get("value") or "").strip()
            if value:
                items.append(
                    {
                        "value": value,
                        "label": data.get("label") or "work",
                        "primary": form.is_primary,
                    }
                )
                rows.append(form.row_index)
        return items, rows


EmailFormSet = cast(
    type[BasePointFormSet], forms.formset_factory(PointForm, formset=BasePointFormSet, extra=1)
)
PhoneFormSet = EmailFormSet


class EmploymentForm(StyledFormMixin, forms.Form):
    """One company the contact works at, picked by search, with the job title there."""

    company = forms.CharField(required=False, widget=forms.HiddenInput(), label=_("Company"))
    title = forms.CharField(required=False, max_length=150, label=_("Job title"))

    main_field = "company"
    row_index = 0
    absent = False
    company_name = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("title") or "").strip() and not (data.get("company") or "").strip():
            self.add_error("company", _("Pick a company for this job title."))
        return data

    def company_id(self) -> str:
        if self.is_bound:
            return str(self.data.get(self.add_prefix("company")) or "").strip()
        return str(self.initial.get("company") or "")


class BaseEmploymentFormSet(BaseRowFormSet):
    def items(self) -> tuple[list[dict[str, str]], list[int]]:
        items, rows = [], []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            company = (data.get("company") or "").strip()
            if company:
                items.append({"company": company, "title": data.get("title") or ""})
                rows.append(form.row_index)
        return items, rows

    def name_companies(self, user: Any) -> None:
        """Show each picked company's name; one query, and only companies the user may see."""
        ids = {form.company_id() for form in self.forms}
        ids = {i for i in ids if parse_uuid(i)}
        names: dict[str, str] = {}
        if ids:
            visible = Company.objects.visible_to(user).filter(pk__in=ids)
            names = {str(pk): name for pk, name in visible.values_list("pk", "name")}
        for form in self.forms:
            form.company_name = names.get(form.company_id(), "")


EmploymentFormSet = cast(
    type[BaseEmploymentFormSet],
    forms.formset_factory(EmploymentForm, formset=BaseEmploymentFormSet, extra=0),
)


class RecordForm(StyledFormMixin, forms.Form):
    """Fields contacts and companies share: where they are, who owns them, how they are labelled."""

    entity = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices()]  # type: ignore[attr-defined]
        # Addresses that follow the record's country are redrawn for it when it changes.
        self.fields["country"].widget.attrs.update(
            {
                "hx-get": reverse("customers:address_rows"),
                "hx-trigger": "change",
                "hx-include": "#addresses-rows",
                "hx-target": "#addresses-rows",
                "hx-swap": "innerHTML",
            }
        )
        self.fields["region"].choices = region_choices()  # type: ignore[attr-defined]
        self.fields["owner"].choices = owner_choices()  # type: ignore[attr-defined]
        self.custom_definitions = list(CustomFieldDefinition.objects.filter(entity=self.entity))
        for definition in self.custom_definitions:
            self.fields[f"cf_{definition.key}"] = custom_form_field(definition)
        self._style_widgets()

    def custom_fields(self) -> list[forms.BoundField]:
        return [self[f"cf_{d.key}"] for d in self.custom_definitions]

    def shared_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {
            "country": data["country"],
            "lifecycle_stage": data["lifecycle_stage"],
            "source": data["source"],
            "owner": data["owner"] or None,
            "tags": [t.strip() for t in (data.get("tags") or "").split(",") if t.strip()],
            "custom_fields": {
                d.key: _custom_value(d, data.get(f"cf_{d.key}")) for d in self.custom_definitions
            },
        }
        if data.get("region"):
            out["region"] = data["region"]
        return out


def _custom_value(definition: CustomFieldDefinition, value: Any) -> Any:
    if value in (None, ""):
        return None
    if definition.field_type == FieldType.BOOLEAN:
        return value == "true"
    return value


def custom_form_field(definition: CustomFieldDefinition) -> forms.Field:
    """A form field for a custom field; the service does the real validation."""
    common: dict[str, Any] = {"required": False, "label": definition.label}
    field: forms.Field
    kind = definition.field_type
    if kind == FieldType.CHOICE:
        field = forms.ChoiceField(
            choices=[("", "—")] + [(str(c), str(c)) for c in definition.choices], **common
        )
    elif kind == FieldType.BOOLEAN:
        field = forms.ChoiceField(
            choices=[("", "—"), ("true", _("Yes")), ("false", _("No"))], **common
        )
    elif kind == FieldType.DATE:
        field = forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    elif kind in (FieldType.NUMBER, FieldType.INTEGER):
        field = forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    elif kind == FieldType.EMAIL:
        field = forms.CharField(widget=forms.EmailInput(), **common)
    elif kind == FieldType.URL:
        field = forms.CharField(widget=forms.URLInput(), **common)
    else:
        field = forms.CharField(max_length=definition.max_length, **common)
    setattr(field, "orbis_required", definition.required)  # noqa: B010  (marks the label with *)
    return field


def _custom_initial(definition: CustomFieldDefinition, value: Any) -> Any:
    if value is None:
        return ""
    if definition.field_type == FieldType.BOOLEAN:
        return "true" if value else "false"
    return value


class ContactForm(RecordForm):
    entity = "contact"

    given_name = forms.CharField(required=False, max_length=100, label=_("Given name"))
    family_name = forms.CharField(required=False, max_length=100, label=_("Family name"))
    latin_given_name = forms.CharField(
        required=False, max_length=100, label=_("Given name (Latin)")
    )
    latin_family_name = forms.CharField(
        required=False, max_length=100, label=_("Family name (Latin)")
    )
    honorific = forms.ChoiceField(
        required=False,
        choices=Honorific.choices,
        label=_("Honorific"),
        help_text=_("How a formal greeting addresses the person."),
    )
    academic_title = forms.CharField(
        required=False, max_length=40, label=_("Academic title"), help_text=_("e.g. Dr. or Prof.")
    )
    country = forms.ChoiceField(label=_("Country"))
    region = forms.ChoiceField(required=False, label=_("Data region"))
    language = forms.ChoiceField(required=False, label=_("Preferred language"))
    time_zone = forms.ChoiceField(required=False, label=_("Time zone"))
    birth_date = forms.DateField(
        required=False,
        label=_("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    lifecycle_stage = forms.ChoiceField(choices=LifecycleStage.choices, label=_("Lifecycle stage"))
    source = forms.ChoiceField(choices=Source.choices, label=_("Source"))
    owner = forms.ChoiceField(required=False, label=_("Owner"))
    tags = forms.CharField(required=False, label=_("Tags"), help_text=_("Separated by commas."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [("", "—"), *time_zone_choices()]  # type: ignore[attr-defined]
        current = str(self.initial.get("language") or self.data.get("language") or "")
        self.fields["language"].choices = [("", "—"), *contact_language_choices(current)]  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, contact: Contact) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(contact, name)
            for name in (
                "given_name",
                "family_name",
                "latin_given_name",
                "latin_family_name",
                "honorific",
                "academic_title",
                "country",
                "language",
                "time_zone",
                "birth_date",
                "lifecycle_stage",
                "source",
            )
        }
        initial["owner"] = str(contact.owner_id or "")
        initial["tags"] = ", ".join(t.name for t in contact.tags.all())
        for definition in CustomFieldDefinition.objects.filter(entity="contact"):
            initial[f"cf_{definition.key}"] = _custom_initial(
                definition, contact.custom_fields.get(definition.key)
            )
        return initial

    def to_data(self, contact: Contact | None) -> dict[str, Any]:
        data = self.shared_data()
        for name in (
            "given_name",
            "family_name",
            "latin_given_name",
            "latin_family_name",
            "honorific",
            "academic_title",
            "language",
            "time_zone",
        ):
            data[name] = self.cleaned_data.get(name) or ""
        data["birth_date"] = self.cleaned_data.get("birth_date")
        return data


class CompanyForm(RecordForm):
    entity = "company"

    name = forms.CharField(max_length=200, label=_("Name"))
    legal_name = forms.CharField(required=False, max_length=200, label=_("Legal name"))
    latin_name = forms.CharField(required=False, max_length=200, label=_("Name (Latin)"))
    country = forms.ChoiceField(label=_("Country"))
    region = forms.ChoiceField(required=False, label=_("Data region"))
    website = forms.CharField(
        required=False, max_length=200, label=_("Website"), widget=forms.URLInput()
    )
    industry = forms.CharField(required=False, max_length=100, label=_("Industry"))
    vat_number = forms.CharField(
        required=False,
        max_length=60,
        label=_("VAT number"),
        help_text=_("Checked for the company's country; the country prefix may be left out."),
    )
    tax_id = forms.CharField(
        required=False,
        max_length=60,
        label=_("Tax number"),
        help_text=_("The national tax or company number, e.g. EIN, CNPJ, Steuernummer."),
    )
    phone = forms.CharField(required=False, max_length=40, label=_("Phone"))
    lifecycle_stage = forms.ChoiceField(choices=LifecycleStage.choices, label=_("Lifecycle stage"))
    source = forms.ChoiceField(choices=Source.choices, label=_("Source"))
    owner = forms.ChoiceField(required=False, label=_("Owner"))
    tags = forms.CharField(required=False, label=_("Tags"), help_text=_("Separated by commas."))

    @classmethod
    def initial_for(cls, company: Company) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(company, name)
            for name in (
                "name",
                "legal_name",
                "latin_name",
                "country",
                "website",
                "industry",
                "phone",
                "lifecycle_stage",
                "source",
            )
        }
        initial["owner"] = str(company.owner_id or "")
        initial["tags"] = ", ".join(t.name for t in company.tags.all())
        # Shown as the country writes them (16.727.230/0001-97); saving stores them compact.
        for name, describe in (
            ("vat_number", identifiers.describe_vat_number),
            ("tax_id", identifiers.describe_tax_id),
        ):
            found = describe(getattr(company, name), company.country)
            initial[name] = found.formatted if found else ""
        for definition in CustomFieldDefinition.objects.filter(entity="company"):
            initial[f"cf_{definition.key}"] = _custom_initial(
                definition, company.custom_fields.get(definition.key)
            )
        return initial

    def to_data(self, company: Company | None) -> dict[str, Any]:
        data = self.shared_data()
        for name in (
            "name",
            "legal_name",
            "latin_name",
            "website",
            "industry",
            "vat_number",
            "tax_id",
            "phone",
        ):
            data[name] = self.cleaned_data.get(name) or ""
        return data


def attach_errors(
    form: RecordForm,
    errors: dict[str, list[str]],
    formsets: dict[str, tuple[forms.BaseFormSet, list[int]]] | None = None,
) -> None:
    """Show each service error next to the field it names; what has no field goes on top.

    `emails.1.value` is the second filled-in email row, which is not always form 1: empty and
    removed rows are skipped, so `rows` maps positions back to form indexes.
    """
    formsets = formsets or {}
    for key, messages in errors.items():
        parts = key.split(".")
        head = parts[0]
        if head in formsets and len(parts) >= 2 and parts[1].isdigit():
            formset, rows = formsets[head]
            position = int(parts[1])
            if position < len(rows):
                sub = formset.forms[rows[position]]
                name = parts[2] if len(parts) > 2 else None
                if name not in sub.fields:
                    name = sub.main_field if len(parts) == 2 else None
                sub.add_error(name, messages)
                continue
        if head == "custom_fields" and len(parts) == 2 and f"cf_{parts[1]}" in form.fields:
            form.add_error(f"cf_{parts[1]}", messages)
            continue
        if head in form.fields:
            form.add_error(head, messages)
            continue
        form.add_error(None, [f"{key}: {message}" for message in messages])
