"""Leads: captured (a public web form, the API, an import), qualified, converted.

Capture finds the person among the contacts by email (the blind index), or creates them as a
contact in lifecycle stage "lead", and records the marketing consent the form asked for in the
privacy ledger (pending until confirmed by email where a double opt-in is the rule). Conversion
makes the company and the deal in one transaction, refusing to create a company that already
exists under that name unless told to: the page offers the existing one first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from orbis.audit.services import record
from orbis.customers import cleaning
from orbis.customers import services as customer_services
from orbis.customers.models import Company, Contact, ContactPoint, LifecycleStage, Source
from orbis.identity.access import require_in
from orbis.identity.models import User
from orbis.kernel.actors import SystemActor
from orbis.kernel.crypto import blind_index
from orbis.kernel.errors import ValidationError
from orbis.kernel.ids import parse_uuid
from orbis.kernel.versions import check_version
from orbis.localisation.models import Market
from orbis.privacy import links
from orbis.privacy import services as consent_services
from orbis.privacy.evidence import Evidence
from orbis.privacy.models import ConsentSource, ConsentStatus, LawfulBasis

from ..models import Lead, LeadSource, LeadStatus, WebForm
from ..querysets import access_lead
from . import deals as deal_services

# The public form acts for the visitor: it may create the contact, nothing else.
WEB_FORM = SystemActor("web-form")
CAPTURE_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "email",
        "phone",
        "company_name",
        "job_title",
        "country",
        "language",
        "message",
        "source",
    }
)
QUALIFY_FIELDS = frozenset({"status", "score", "owner"})
# Where the contact came from, said in the contact's own terms.
CONTACT_SOURCES: dict[str, Source] = {
    LeadSource.WEB_FORM: Source.WEB,
    LeadSource.IMPORT: Source.IMPORT,
    LeadSource.EVENT: Source.EVENT,
    LeadSource.REFERRAL: Source.REFERRAL,
    LeadSource.MANUAL: Source.MANUAL,
}


@dataclass(frozen=True)
class MarketingAnswer:
    """What the visitor answered to the form's marketing question, and the proof of it."""

    asked_consent: bool  # True: "I agree" box; False: an opt-out box (CAN-SPAM)
    ticked: bool
    evidence: Evidence


def _score(values: dict[str, Any]) -> int:
    """A first score from how much the person told us; the rep adjusts it while qualifying."""
    points = {"email": 20, "phone": 20, "company_name": 25, "job_title": 15, "message": 20}
    return sum(weight for name, weight in points.items() if values.get(name))


def _find_contact(email: str) -> Contact | None:
    if not email:
        return None
    index = blind_index("email", email)
    return (
        Contact.objects.active()
        .filter(points__kind=ContactPoint.Kind.EMAIL, points__value_index=index)
        .order_by("created_at")
        .first()
    )


def _clean_capture(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidationError({"_": "Expected an object."})
    errors = cleaning.Collector()
    cleaning.refuse_unknown(data, CAPTURE_FIELDS, errors)
    out: dict[str, Any] = {}
    limits = {
        "given_name": 100,
        "family_name": 100,
        "company_name": 200,
        "job_title": 120,
        "message": 4000,
        "phone": 40,
        "language": 16,
    }
    for name, limit in limits.items():
        if name in data:
            out[name] = errors.run(name, partial(cleaning.text, data[name], name, limit)) or ""
    if data.get("email"):
        out["email"] = errors.run("email", partial(cleaning.email, data["email"], "email"))
    if not out.get("email") and not out.get("phone") and "email" not in errors.errors:
        errors.add("email", "Give an email address or a phone number.")
    if not out.get("given_name") and not out.get("family_name"):
        errors.add("family_name", "Give a name.")
    country = str(data.get("country") or "").strip().upper()
    if not Market.objects.filter(country=country).exists():
        errors.add("country", "Choose your country.")
    out["country"] = country
    source = data.get("source") or LeadSource.API
    if source not in LeadSource.values:
        errors.add("source", f"One of: {', '.join(LeadSource.values)}.")
    out["source"] = source
    errors.raise_if_any()
    return out


def _contact_data(values: dict[str, Any], source: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "given_name": values.get("given_name", ""),
        "family_name": values.get("family_name", ""),
        "country": values["country"],
        "lifecycle_stage": LifecycleStage.LEAD,
        "source": CONTACT_SOURCES.get(source, Source.API),
    }
    if values.get("email"):
        data["emails"] = [{"value": values["email"]}]
    if values.get("phone"):
        data["phones"] = [{"value": values["phone"]}]
    if values.get("language"):
        data["language"] = values["language"]
    return data


@transaction.atomic
def capture_lead(
    data: dict[str, Any],
    *,
    actor: Any,
    web_form: WebForm | None = None,
    marketing: MarketingAnswer | None = None,
) -> Lead:
    """A lead for the person in `data`, found by email among the contacts or created as one
    (lifecycle stage "lead"); the marketing answer goes into the consent ledger."""
    values = _clean_capture(data)
    contact = _find_contact(values.get("email", ""))
    maker: Any = actor if web_form is None else WEB_FORM
    if contact is None:
        contact = customer_services.create_contact(
            _contact_data(values, values["source"]), actor=maker
        )
    market = Market.objects.filter(country=values["country"]).first()
    if web_form is None:
        require_in(actor, "sales.add", contact.region_id, "lead")
    owner = web_form.owner if web_form is not None else (actor if isinstance(actor, User) else None)
    lead = Lead.objects.create(
        contact=contact,
        region_id=contact.region_id,
        market=market,
        source=LeadSource.WEB_FORM if web_form is not None else values["source"],
        web_form=web_form,
        owner=owner,
        company_name=values.get("company_name", ""),
        job_title=values.get("job_title", ""),
        message=values.get("message", ""),
        score=_score(values),
    )
    record(
        "sales.lead_captured",
        lead,
        actor=maker,
        region=contact.region.code,
        changes={"source": lead.source, "web_form": web_form.slug if web_form else ""},
    )
    if marketing is not None:
        _record_marketing(contact, marketing, values.get("language") or "")
    return lead


def _record_marketing(contact: Contact, answer: MarketingAnswer, language: str) -> None:
    if answer.asked_consent and answer.ticked:
        event = consent_services.record_consent(
            contact,
            actor=consent_services.THE_PERSON,
            purpose="marketing",
            channel="email",
            lawful_basis=LawfulBasis.CONSENT,
            source=ConsentSource.FORM,
            evidence=answer.evidence,
        )
        if event.status == ConsentStatus.PENDING:
            email = contact.points.filter(kind=ContactPoint.Kind.EMAIL).first()
            if email is not None:
                link = links.confirmation_link(event)
                transaction.on_commit(partial(_send_confirmation, email.value, link, language))
    elif not answer.asked_consent and answer.ticked:
        consent_services.withdraw_consent(
            contact,
            actor=consent_services.THE_PERSON,
            purpose="marketing",
            channel="email",
            source=ConsentSource.FORM,
            evidence=answer.evidence,
        )


def _send_confirmation(address: str, link: str, language: str) -> None:
    """The double opt-in email, in the visitor's language, after the lead is committed."""
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"link": link}
        subject = render_to_string("sales/email/confirm_subject.txt", context).strip()
        body = render_to_string("sales/email/confirm_body.txt", context)
    EmailMultiAlternatives(subject, body, to=[address]).send()


@transaction.atomic
def qualify_lead(
    lead: Lead | Any, data: dict[str, Any], *, actor: Any, version: str | None = None
) -> Lead:
    """Change a lead's status, score or owner."""
    lead = access_lead(actor, getattr(lead, "pk", lead), action="change", for_update=True)
    check_version(lead, version)
    if not isinstance(data, dict):
        raise ValidationError({"_": "Expected an object."})
    errors = cleaning.Collector()
    cleaning.refuse_unknown(data, QUALIFY_FIELDS, errors)
    changes: dict[str, Any] = {}
    if "status" in data:
        status = data["status"]
        if status not in LeadStatus.values or status == LeadStatus.CONVERTED:
            errors.add("status", "New, working, qualified or unqualified; convert to convert.")
        elif lead.status == LeadStatus.CONVERTED:
            errors.add("status", "This lead is converted already.")
        elif status != lead.status:
            changes["status"] = {"from": lead.status, "to": status}
            lead.status = status
    if "score" in data:
        score = data["score"]
        if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 100:
            errors.add("score", "A whole number from 0 to 100.")
        elif score != lead.score:
            changes["score"] = {"from": lead.score, "to": score}
            lead.score = score
    if "owner" in data:
        owner = (
            User.objects.filter(pk=data["owner"], is_active=True).first()
            if parse_uuid(data["owner"])
            else None
        )
        if data["owner"] and owner is None:
            errors.add("owner", "No active user with this id.")
        elif owner is not None and not owner.has_perm("sales.view"):
            errors.add("owner", f"{owner.get_username()} cannot see leads.")
        elif (owner.pk if owner else None) != lead.owner_id:
            changes["owner"] = {
                "from": str(lead.owner_id or ""),
                "to": str(owner.pk if owner else ""),
            }
            lead.owner = owner
    errors.raise_if_any()
    if changes:
        lead.save()
        record("sales.lead_qualified", lead, actor=actor, region=lead.region.code, changes=changes)
    return lead


def company_matches(name: str, *, actor: Any) -> list[Company]:
    """Companies the actor may see whose name is `name` (case and accents aside): what the
    conversion page offers before it creates a new one."""
    if not name.strip():
        return []
    key = name.strip().casefold()
    return list(
        Company.objects.visible_to(actor).active().filter(sort_name__startswith=key[:40])[:10]
    )


@transaction.atomic
def convert_lead(
    lead: Lead | Any,
    *,
    actor: Any,
    deal: dict[str, Any],
    company: Any = None,
    create_company: bool = False,
    contact: Any = None,
    version: str | None = None,
) -> Lead:
    """Turn a lead into a deal, with its company and person, in one step.

    `company`: an existing company's id; or `create_company=True` to make one from the name the
    person gave (refused while a company of that name exists and none was chosen: choose it or
    say create). `contact`: an existing contact to use instead of the lead's (a duplicate the
    page offered). `deal`: the deal's fields (pipeline, amount, currency, close_date, ...).
    """
    lead = access_lead(actor, getattr(lead, "pk", lead), action="change", for_update=True)
    check_version(lead, version)
    if lead.status == LeadStatus.CONVERTED:
        raise ValidationError({"status": "This lead is converted already."})
    person = lead.contact
    if contact:
        contact_pk = parse_uuid(contact)
        chosen = (
            Contact.objects.visible_to(actor, "change").filter(pk=contact_pk).first()
            if contact_pk
            else None
        )
        if chosen is None:
            raise ValidationError({"contact": "No such contact."})
        person = chosen
    chosen_company: Company | None = None
    if company:
        company_pk = parse_uuid(company)
        chosen_company = (
            Company.objects.visible_to(actor).filter(pk=company_pk).first() if company_pk else None
        )
        if chosen_company is None:
            raise ValidationError({"company": "No such company."})
    elif lead.company_name:
        matches = company_matches(lead.company_name, actor=actor)
        exact = [c for c in matches if c.sort_name == lead.company_name.strip().casefold()]
        if exact and not create_company:
            raise ValidationError(
                {
                    "company": (
                        f"A company called {exact[0].name!r} exists already: choose it, or "
                        "confirm that this is another company."
                    )
                }
            )
        if create_company or not exact:
            chosen_company = customer_services.create_company(
                {"name": lead.company_name, "country": person.country}, actor=actor
            )
    if chosen_company is not None:
        linked = set(person.employments.values_list("company_id", flat=True))
        if chosen_company.pk not in linked:
            jobs = [
                {"company": str(pk), "title": title}
                for pk, title in person.employments.values_list("company_id", "title")
            ]
            jobs.append({"company": str(chosen_company.pk), "title": lead.job_title})
            customer_services.update_contact(person, {"companies": jobs}, actor=actor)
    data = {
        "name": deal.get("name") or lead.company_name or person.display_name,
        "market": deal.get("market") or (lead.market.country if lead.market else person.country),
        **{k: v for k, v in deal.items() if k not in {"name", "market"}},
        "contacts": [{"contact": str(person.pk), "role": "decision_maker"}],
    }
    if chosen_company is not None:
        data["company"] = str(chosen_company.pk)
    made = deal_services.create_deal(data, actor=actor)
    if person.lifecycle_stage in (
        LifecycleStage.LEAD,
        LifecycleStage.SUBSCRIBER,
        LifecycleStage.MQL,
        LifecycleStage.SQL,
    ):
        customer_services.update_contact(
            person, {"lifecycle_stage": LifecycleStage.OPPORTUNITY}, actor=actor
        )
    lead.status = LeadStatus.CONVERTED
    lead.converted_at = timezone.now()
    lead.contact = person
    lead.company = chosen_company
    lead.deal = made
    lead.save()
    record(
        "sales.lead_converted",
        lead,
        actor=actor,
        region=lead.region.code,
        changes={
            "deal": str(made.pk),
            "company": str(chosen_company.pk) if chosen_company else "",
            "contact": str(person.pk),
        },
    )
    return lead


@transaction.atomic
def create_web_form(
    name: str,
    slug: str,
    *,
    actor: Any,
    owner: User | None = None,
    default_country: str = "",
    ask_marketing: bool = True,
    allowed_origins: list[str] | None = None,
) -> WebForm:
    from orbis.identity.access import require

    require(actor, "sales.manage_catalogue")
    errors = cleaning.Collector()
    name = errors.run("name", partial(cleaning.text, name, "name", 120)) or ""
    if not name:
        errors.add("name", "Name the form.")
    if not slug or not slug.replace("-", "").isalnum():
        errors.add("slug", "Letters, digits and hyphens only.")
    elif WebForm.objects.filter(slug=slug).exists():
        errors.add("slug", "Another form has this address.")
    origins = list(allowed_origins or [])
    for n, origin in enumerate(origins):
        if not str(origin).startswith("https://") or "/" in str(origin)[8:]:
            errors.add(f"allowed_origins.{n}", "An origin such as https://www.example.com.")
    errors.raise_if_any()
    form = WebForm.objects.create(
        name=name,
        slug=slug,
        owner=owner,
        default_country=default_country.upper(),
        ask_marketing=ask_marketing,
        allowed_origins=origins,
    )
    record("sales.web_form_created", form, actor=actor, changes={"slug": slug})
    return form
