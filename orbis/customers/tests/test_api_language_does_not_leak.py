"""A request's language and time zone end with it: the next request in the thread starts clean."""

from django.utils import timezone, translation

from orbis.customers.tests.api_client import ApiClient


def test_an_api_error_after_a_japanese_page_is_in_english(client, eu_rep, token_for):
    client.force_login(eu_rep)
    session = client.session
    session["orbis_language"] = "ja"
    session["orbis_time_zone"] = "Asia/Tokyo"
    session.save()
    page = client.get("/contacts/")
    assert page.status_code == 200 and page["Content-Language"] == "ja"
    assert translation.get_language() != "ja"
    assert timezone.get_current_timezone_name() != "Asia/Tokyo"

    api = ApiClient(token_for(eu_rep))
    address = {"street_address": "Friedrichstraße 68", "city": "Berlin", "postal_code": "123"}
    refused = api.post("contacts", {"family_name": "X", "country": "DE", "addresses": [address]})
    assert refused.status_code == 422
    assert refused["Content-Language"] == "en"
    assert "Germany" in refused.content.decode() and "ドイツ" not in refused.content.decode()


def test_the_api_follows_accept_language(eu_rep, token_for):
    api = ApiClient(token_for(eu_rep))
    response = api.get("contacts", accept_language="de")
    assert response.status_code == 200 and response["Content-Language"] == "de"
