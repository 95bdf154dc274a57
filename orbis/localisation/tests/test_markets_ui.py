"""The Markets settings pages: for market managers only; add (pre-filled) and edit; errors shown."""

import datetime
import re

import pytest
from django.urls import reverse

from orbis.localisation.models import Market

pytestmark = pytest.mark.django_db

LIST = "localisation:market_list"
ADD = "localisation:market_add"


def _post_data(regions, **changes):
    data = {
        "country": "AT",
        "region": str(regions["emea"].pk),
        "default_currency": "EUR",
        "languages": "de",
        "default_language": "de",
        "time_zone": "Europe/Vienna",
        "time_zones": ["Europe/Vienna"],
        "working_days": ["1", "2", "3", "4", "5"],
        "business_hours_start": "08:30",
        "business_hours_end": "16:30",
        "holiday_subdivision": "9",
        "formal_address": "on",
        "legal_entity_name": "Orbis Österreich GmbH",
        "address_street": "Stephansplatz 1",
        "address_postal_code": "1010",
        "address_city": "Wien",
        "address_country": "AT",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("name", [LIST, ADD])
def test_a_sales_rep_may_not(client, eu_rep, name):
    client.force_login(eu_rep)
    assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("localisation:market_edit", args=["DE"])).status_code == 403
    response = client.post(reverse(ADD), {"country": "AT"})
    assert response.status_code == 403
    assert not Market.objects.filter(country="AT").exists()
    page = client.get(reverse("customers:contact_list")).content.decode()
    assert reverse(LIST) not in page


def test_the_list_names_countries_in_the_viewers_language(client, admin):
    admin.language = "de"
    admin.save(update_fields=["language"])
    client.force_login(admin)
    page = client.get(reverse(LIST), headers={"accept-language": "de"}).content.decode()
    assert "Deutschland" in page and "Japan" in page
    assert 'data-country="BR"' in page and "BRL" in page
    assert reverse(LIST) in page  # the nav link


def test_choosing_a_country_prefills_from_the_libraries(client, admin, regions):
    client.force_login(admin)
    page = client.get(reverse(ADD), {"country": "SA"}, headers={"hx-request": "true"})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="market-fields"' in html
    assert 'value="SAR" selected' in html
    assert 'name="languages"' in html and 'value="ar"' in html
    assert 'value="Asia/Riyadh" selected' in html
    # Sunday to Thursday: the Saudi weekend is Friday and Saturday.
    boxes = re.findall(r'<input type="checkbox" name="working_days" value="(\d)"([^>]*)>', html)
    checked = {int(value) for value, rest in boxes if "checked" in rest}
    assert checked == {1, 2, 3, 4, 7}


def test_add_then_edit(client, admin, regions):
    client.force_login(admin)
    response = client.post(reverse(ADD), _post_data(regions))
    assert response.status_code == 302, response.content.decode()[:2000]
    market = Market.objects.get(country="AT")
    assert market.holiday_subdivision == "9"
    assert market.business_hours_start == datetime.time(8, 30)
    assert market.legal_entity_address["postal_code"] == "1010"
    assert market.legal_entity_name == "Orbis Österreich GmbH"
    listing = client.get(reverse(LIST)).content.decode()
    assert "Orbis Österreich GmbH" in listing and "1010" in listing

    edit = reverse("localisation:market_edit", args=["AT"])
    assert 'value="Orbis Österreich GmbH"' in client.get(edit).content.decode()
    response = client.post(edit, _post_data(regions, working_days=["1", "2", "3", "4"]))
    assert response.status_code == 302
    market.refresh_from_db()
    assert market.working_days == [1, 2, 3, 4]


def test_errors_are_shown_by_field_and_nothing_is_stored(client, admin, regions):
    client.force_login(admin)
    bad = _post_data(
        regions,
        business_hours_start="18:00",
        business_hours_end="09:00",
        working_days=[],
        address_postal_code="ABC",
    )
    response = client.post(reverse(ADD), bad)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'data-field="business_hours_end"' in html
    assert 'data-field="working_days"' in html
    assert 'data-field="address_postal_code"' in html
    assert not Market.objects.filter(country="AT").exists()


def test_admin_site_shows_markets_read_only(client, admin):
    client.force_login(admin)
    url = reverse("admin:localisation_market_changelist")
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:localisation_market_add")).status_code == 403
