"""Input that no layer below can store is a 4xx naming the field, on every page and operation,
and nothing is written: the cases an attack on a running instance turned into 500s."""

from __future__ import annotations

import base64
import io
import json
import re
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from orbis.api import api
from orbis.customers.models import Contact
from orbis.customers.tests.api_client import ApiClient

pytestmark = pytest.mark.django_db

NUL = "abc\x00def"


def _cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


CRAFTED_CURSORS = [
    _cursor({"a": 1}),
    _cursor(["Smith", "not-a-uuid"]),
    _cursor([None, str(uuid.UUID(int=1))]),
    _cursor([["x"], str(uuid.UUID(int=1))]),
    _cursor(7),
    "%%%",
]


def _pages(patterns: Any = None, prefix: str = "") -> list[str]:
    """Every UI page without path parameters (the admin, the API and signed links aside)."""
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in {"admin", "api-v1", "privacy_public"}:
                continue
            found += _pages(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and "<" not in str(pattern.pattern):
            found.append("/" + prefix + str(pattern.pattern))
    return sorted(set(found))


def _api_gets() -> list[str]:
    paths = api.get_openapi_schema()["paths"]
    return [p for p, methods in paths.items() if "get" in methods and "{" not in p]


@pytest.fixture
def signed_in(admin: Any) -> Client:
    client = Client()
    client.force_login(admin)
    return client


def test_a_nul_in_any_query_value_is_a_400_page_naming_it(signed_in: Client) -> None:
    pages = _pages()
    answers = {page: signed_in.get(page, {"q": NUL}) for page in pages}

    assert len(pages) > 20
    wrong = {page: r.status_code for page, r in answers.items() if r.status_code != 400}
    assert not wrong, wrong
    assert all(
        '<bdi class="font-monospace">q</bdi>' in r.content.decode() for r in answers.values()
    )


def test_a_nul_in_any_api_query_is_a_problem_naming_it(admin: Any, token_for: Any) -> None:
    client = ApiClient(token_for(admin))
    for path in _api_gets():
        response = client.get(path, {"q": NUL})

        assert response.status_code == 422, path
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["errors"] == [
            {"field": "q", "message": "Remove the control character from this value."}
        ]


@pytest.mark.parametrize("cursor", CRAFTED_CURSORS)
def test_a_crafted_page_link_is_a_400_naming_it(signed_in: Client, cursor: str) -> None:
    for page in ("/contacts/", "/companies/", "/privacy/requests/", "/privacy/breaches/"):
        for name in ("after", "before"):
            response = signed_in.get(page, {name: cursor})

            assert response.status_code == 400, (page, name)
            assert f'<bdi class="font-monospace">{name}</bdi>' in response.content.decode()


@pytest.mark.parametrize("cursor", CRAFTED_CURSORS)
def test_crafted_cursors_are_a_422_naming_the_cursor_in_the_api(
    admin: Any, token_for: Any, cursor: str
) -> None:
    response = ApiClient(token_for(admin)).get("contacts", {"cursor": cursor})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["cursor"]


def _contact(**fields: Any) -> dict[str, Any]:
    return {"given_name": "Ada", "family_name": "Lovelace", "country": "GB", **fields}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"given_name": "\\ud800x", "family_name": "L", "country": "GB"}', "given_name"),
        ('{"given_name": "A\\u0000da", "family_name": "L", "country": "GB"}', "given_name"),
        (
            '{"given_name": "A", "country": "GB", "custom_fields": '
            + "[" * 1000
            + "]" * 1000
            + "}",
            None,
        ),
        (
            json.dumps(_contact(custom_fields={"a": json.loads('{"b":' * 40 + "1" + "}" * 40)})),
            None,
        ),
        (json.dumps(_contact(given_name="\x1b[31mAda")), "given_name"),
        (json.dumps(_contact(given_name="A\x00da")), "given_name"),
        (json.dumps(_contact(family_name="\u202eecalevol")), "family_name"),
        (json.dumps(_contact(given_name="", family_name="\u200b\u200d ")), "family_name"),
    ],
)
def test_bad_text_in_a_json_body_is_a_422_naming_the_field_and_writes_nothing(
    admin: Any, token_for: Any, body: str, field: str | None
) -> None:
    before = Contact.objects.count()

    response = ApiClient(token_for(admin)).post("contacts", body)

    assert response.status_code == 422, response.content
    fields = [e["field"] for e in response.json()["errors"]]
    nested = any(f == "body" or f.startswith("custom_fields") for f in fields)
    assert (field in fields) if field else nested
    assert Contact.objects.count() == before


@pytest.mark.parametrize("amount", ["1e100", "1e309", "9" * 29])
def test_an_absurd_amount_to_convert_is_a_422_naming_it(
    admin: Any, token_for: Any, amount: str
) -> None:
    response = ApiClient(token_for(admin)).get(
        "fx/convert", {"amount": amount, "to": "USD", "date": "2024-03-01"}
    )

    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["amount"]


def test_a_chunked_body_is_read(admin: Any, token_for: Any) -> None:
    # gunicorn decodes the chunks and marks the stream as ending by itself; Django alone would
    # see no Content-Length and read an empty body ("body: This field is required.").
    body = json.dumps(_contact(family_name="Chunked")).encode()
    chunked: dict[str, Any] = {
        "wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True,
        "CONTENT_TYPE": "application/json", "HTTP_TRANSFER_ENCODING": "chunked",
        "HTTP_AUTHORIZATION": f"Bearer {token_for(admin)}",
    }  # fmt: skip

    response = Client().generic("POST", "/api/v1/contacts", **chunked)

    assert response.status_code == 201, response.content
    assert Contact.objects.filter(family_name="Chunked").exists()


def test_names_are_stored_normalised(admin: Any, token_for: Any) -> None:
    # NFC, trimmed, with the joiners that Persian and Hindi writing needs kept inside.
    response = ApiClient(token_for(admin)).post(
        "contacts", _contact(given_name=" Zoe\u0308 ", family_name="\u0645\u200c\u0647")
    )

    assert response.status_code == 201, response.content
    stored = Contact.objects.get(pk=response.json()["id"])
    assert (stored.given_name, stored.family_name) == ("Zoë", "\u0645\u200c\u0647")
    assert re.fullmatch(r"[^\x00-\x1f]+", stored.given_name)
