"""The OpenAPI document declares what schemathesis found missing, and HTTP's general methods
work on every API path (the checks that failed in the attack, kept as plain tests)."""

from __future__ import annotations

from typing import Any

import pytest

from orbis.api import api
from orbis.customers.tests.api_client import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return api.get_openapi_schema()


def test_every_error_is_documented_as_problem_json(document: dict[str, Any]) -> None:
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "422", "500"} <= codes, (method, path)
            for code, response in operation["responses"].items():
                if int(code) >= 400:
                    assert list(response["content"]) == ["application/problem+json"]


def test_if_match_and_idempotency_key_are_declared(document: dict[str, Any]) -> None:
    def headers(path: str, method: str) -> dict[str, bool]:
        parameters = document["paths"][path][method]["parameters"]
        return {p["name"]: p["required"] for p in parameters if p["in"] == "header"}

    assert headers("/api/v1/contacts/{contact_id}", "patch") == {"If-Match": True}
    assert headers("/api/v1/contacts", "post") == {"Idempotency-Key": False}
    assert headers("/api/v1/companies/{company_id}/archive", "post") == {"If-Match": False}


def test_input_schemas_say_what_the_services_refuse(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    contact = schemas["ContactCreate"]
    convert = {p["name"]: p for p in document["paths"]["/api/v1/fx/convert"]["get"]["parameters"]}

    assert contact["properties"]["country"]["pattern"] == "^[A-Za-z]{2}$"  # not ""
    assert [a["required"] for a in contact["anyOf"]] == [["given_name"], ["family_name"]]
    assert convert["to"]["schema"]["pattern"] == "^[A-Za-z]{3}$"  # not empty


def test_head_options_and_other_methods(admin: Any, token_for: Any) -> None:
    client = ApiClient(token_for(admin))

    get = client.request("get", "me")
    head = client.request("head", "me")
    options = client.request("options", "me")
    delete = client.request("delete", "me")

    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(get.content))
    assert options.status_code == 204 and options["Allow"] == "GET, HEAD, OPTIONS"
    assert delete.status_code == 405 and delete["Allow"] == "GET, HEAD, OPTIONS"
    assert delete["Content-Type"] == "application/problem+json"
