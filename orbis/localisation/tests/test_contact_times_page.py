"""The contact page shows the contact's local time and the next good time to contact them."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from orbis.localisation.calendars import next_good_time
from orbis.localisation.templatetags.orbis_calendar import contact_times

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def test_the_page_shows_local_time_and_next_good_time(client, eu_rep, make_contact):
    contact = make_contact(eu_rep, country="GB", given_name="Oliver", family_name="Smith")
    # Signing in through the form puts the viewer's zone (Berlin) and language in the session.
    client.post(
        reverse("login"), {"username": "eu_rep", "password": "correct horse battery staple"}
    )
    html = client.get(reverse("customers:contact_detail", args=[contact.pk])).content.decode()
    assert 'id="contact-local-time"' in html and "Europe/London" in html
    assert 'id="contact-next-good-time"' in html
    assert 'data-zone="contact"' in html and 'data-zone="viewer"' in html
    assert "Europe/Berlin" in html
    good = next_good_time(contact)
    assert good is not None


def test_both_clocks_name_the_same_moment(regions):
    # Friday 4 December 2026, 20:00 UTC: 05:00 Saturday in Tokyo, so Monday 09:00 Tokyo next,
    # which is Sunday 19:00 in New York.
    contact = SimpleNamespace(country="JP", time_zone="", addresses=[])
    now = datetime.datetime(2026, 12, 4, 20, 0, tzinfo=UTC)
    with translation.override("en"), timezone.override("America/New_York"):
        context = contact_times(contact, now)
    good = next_good_time(contact, after=now)
    assert good == datetime.datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
    assert context["good"] == good and context["working_now"] is False
    # The same CLDR styles as every other moment on the page (orbis.localisation.dates): the
    # weekday with the short time for their clock now, medium date and short time for moments.
    assert context["local_now"] == "Sat, 5:00\u202fAM"
    assert context["good_contact"] == "Dec 7, 2026, 9:00\u202fAM"
    assert context["good_viewer"] == "Dec 6, 2026, 7:00\u202fPM"
    assert context["good_in"] == "in 2 days"
