"""The public web-to-lead form: captured as a contact and a lead, in the visitor's language,
with the consent wording of the visitor's country recorded as evidence; spam refused without
losing a real visitor's data; framed only by the form's own sites."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core import signing
from django.test import Client

from orbis.conftest import SETUP
from orbis.customers.models import Contact
from orbis.privacy.models import ConsentEvent
from orbis.sales import public_form
from orbis.sales.models import Lead
from orbis.sales.services.leads import create_web_form

FIELDS = {
    "given_name": "Lena",
    "family_name": "Vogel",
    "email": "lena.vogel@example.de",
    "company_name": "Vogel Maschinenbau GmbH",
    "job_title": "Einkauf",
    "message": "Bitte ein Angebot für 40 Lizenzen.",
}


@pytest.fixture
def web_form(regions: dict[str, Any], admin: Any) -> Any:
    return create_web_form(
        "Talk to sales",
        "talk-to-sales",
        owner=admin,
        default_country="DE",
        allowed_origins=["https://www.example.com"],
        actor=SETUP,
    )


def token(form: Any, age: float = 10.0) -> str:
    """A token as the form page signs it, rendered `age` seconds ago."""
    return signing.dumps({"form": form.slug, "at": time.time() - age}, salt=public_form.SALT)


def post(client: Client, form: Any, **fields: Any) -> Any:
    data = {**FIELDS, "country": "DE", "wording_country": "DE", "token": token(form)}
    data |= {"lang": "de"}
    data |= fields
    return client.post(f"/forms/{form.slug}/", {k: v for k, v in data.items() if v is not None})


def test_the_form_speaks_the_visitors_language_and_asks_their_countrys_question(
    web_form: Any,
) -> None:
    page = Client().get(f"/forms/{web_form.slug}/?lang=de")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'lang="de"' in html
    assert "Nachname" in html  # "Family name" in German
    assert "Deutschland" in html  # the country picker names countries in German
    assert "E-Mail" in html and 'name="marketing"' in html
    assert 'name="website"' in html and "hp-field" in html  # the honeypot is there, hidden

    japanese = Client().get(f"/forms/{web_form.slug}/", HTTP_ACCEPT_LANGUAGE="ja")
    assert 'lang="ja"' in japanese.content.decode()


def test_consent_partial_follows_the_country(web_form: Any) -> None:
    client = Client()
    germany = client.get(f"/forms/{web_form.slug}/consent/?country=DE&lang=en").content.decode()
    united_states = client.get(f"/forms/{web_form.slug}/consent/?country=US&lang=en")
    us_html = united_states.content.decode()
    # GDPR: an unticked box asking for consent; CAN-SPAM: a notice and a box to opt out.
    assert "I agree that Orbis may send me news and offers by email" in germany
    assert "Tick the box if you do not want them" in us_html
    assert 'name="wording_country" value="US"' in us_html


def test_a_submission_makes_a_contact_and_a_lead_and_a_pending_consent_with_its_evidence(
    web_form: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        done = post(Client(HTTP_USER_AGENT="visitor-browser"), web_form, marketing="on")
    assert done.status_code == 200
    assert "sales/public_thanks.html" in [t.name for t in done.templates]
    lead = Lead.objects.get()
    assert (lead.source, lead.web_form, lead.owner) == ("web_form", web_form, web_form.owner)
    assert lead.company_name == FIELDS["company_name"] and lead.message == FIELDS["message"]
    contact = lead.contact
    assert contact.lifecycle_stage == "lead" and contact.country == "DE"
    assert contact.region.code == "emea"
    event = ConsentEvent.objects.get(contact=contact)
    # GDPR wants a double opt-in: pending until the link in the email is opened.
    assert (event.purpose, event.channel, event.status) == ("marketing", "email", "pending")
    assert event.wording.startswith("Ich ")  # the German wording the visitor saw, as shown
    assert event.wording_version.startswith("eu_gdpr") or "web-lead" in event.wording_version
    assert event.user_agent == "visitor-browser"
    (mail,) = mailoutbox
    assert mail.to == [FIELDS["email"]]
    assert re.search(r"/p/confirm/\S+/", mail.body)


def test_the_same_email_again_reuses_the_contact(web_form: Any) -> None:
    post(Client(), web_form)
    post(Client(), web_form, message="Noch eine Frage.")
    assert Lead.objects.count() == 2
    assert Contact.objects.count() == 1


def test_an_opt_out_country_records_an_opt_out_only_when_ticked(web_form: Any) -> None:
    post(Client(), web_form, country="US", wording_country="US", email="a@example.com")
    assert not ConsentEvent.objects.exists()  # CAN-SPAM: nothing to record when not ticked
    post(
        Client(), web_form, country="US", wording_country="US", email="b@example.com",
        marketing="on",
    )  # fmt: skip
    event = ConsentEvent.objects.get()
    assert event.status == "withdrawn"


def test_the_wrong_countrys_question_is_asked_again_keeping_the_data(web_form: Any) -> None:
    again = post(Client(), web_form, country="US", wording_country="DE", marketing="on")
    html = again.content.decode()
    assert again.status_code == 400
    assert not Lead.objects.exists()
    assert FIELDS["company_name"] in html and FIELDS["message"] in html
    assert 'name="wording_country" value="US"' in html  # now the US question is shown


def test_the_honeypot_answers_success_and_stores_nothing(web_form: Any) -> None:
    done = post(Client(), web_form, website="https://spam.example")
    assert done.status_code == 200
    assert not Lead.objects.exists() and not Contact.objects.exists()


@pytest.mark.parametrize(
    ("signed", "says"),
    [
        (lambda form: token(form, age=0), "quick"),
        (lambda form: token(form, age=2 * 24 * 3600), "long time"),
        (lambda form: "forged:token", "could not be checked"),
    ],
)
def test_a_bad_timestamp_asks_again_and_keeps_the_data(web_form: Any, signed: Any, says: str):
    again = post(Client(), web_form, token=signed(web_form), lang="en")
    html = again.content.decode()
    assert again.status_code == 400
    assert says in html
    assert FIELDS["message"] in html and FIELDS["email"] in html
    assert not Lead.objects.exists()
    fresh = re.search(r'name="token" value="([^"]+)"', html)
    assert fresh and signing.loads(fresh.group(1), salt=public_form.SALT)["form"] == web_form.slug


def test_missing_fields_are_named_in_the_visitors_language(web_form: Any) -> None:
    again = post(Client(), web_form, family_name="", email="not-an-email")
    html = again.content.decode()
    assert again.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich" in html  # Django's "This field is required."
    assert "gültige E-Mail-Adresse" in html
    assert not Lead.objects.exists()


def test_posts_per_address_are_limited(web_form: Any, settings: Any) -> None:
    settings.ORBIS_WEB_FORM_LIMIT = 2
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(2):
        assert post(client, web_form, email=f"p{n}@example.com").status_code == 200
    refused = post(client, web_form, email="p3@example.com")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert Lead.objects.count() == 2
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert post(other, web_form, email="p4@example.com").status_code == 200


def test_only_the_forms_own_sites_may_frame_it(web_form: Any, regions: dict[str, Any]) -> None:
    page = Client().get(f"/forms/{web_form.slug}/")
    policy = page["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.example.com" in policy
    assert "X-Frame-Options" not in page
    closed = create_web_form("Newsletter", "newsletter", actor=SETUP)
    page = Client().get(f"/forms/{closed.slug}/")
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"


def test_the_embed_script_inserts_the_forms_iframe(web_form: Any) -> None:
    script = Client().get(f"/forms/{web_form.slug}/embed.js")
    body = script.content.decode()
    assert script["Content-Type"].startswith("text/javascript")
    assert f'/forms/{web_form.slug}/"' in body and "iframe" in body
    snippet = public_form.snippets(web_form)["script"]
    assert snippet.startswith("<script src=") and snippet.endswith('embed.js" async></script>')


def test_an_unknown_or_inactive_form_is_not_found(web_form: Any) -> None:
    assert Client().get("/forms/no-such-form/").status_code == 404
    assert Client().post("/forms/no-such-form/", {}).status_code == 404
    web_form.is_active = False
    web_form.save()
    assert Client().get(f"/forms/{web_form.slug}/").status_code == 404
