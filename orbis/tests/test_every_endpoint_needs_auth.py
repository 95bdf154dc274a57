"""Meta-test: every API operation in the OpenAPI document refuses a caller without a token,
and every UI URL asks for a login, so no endpoint can be added unscoped by accident."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from orbis.api import api

# Fixed, so that every pytest-xdist worker collects the same test ids.
ANY_ID = uuid.UUID(int=1)

# Pages anyone may open; "home" only redirects to the contact list, which asks for a login.
PUBLIC_UI = {"login", "logout", "set_language", "home"}
# A forgotten password is reset without a login; the link in the email carries a one-time token.
PUBLIC_UI |= {
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# Pages a contact opens through a signed link instead of a login (checked below).
SIGNED_LINK_NAMESPACES = {"privacy_public"}
# Public web-to-lead forms: open to anyone by design, addressed by the form's slug (checked below).
PUBLIC_FORM_NAMESPACES = {"sales_public"}


def _operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method in methods:
            yield (
                method.upper(),
                path.replace("{contact_id}", str(ANY_ID)).replace("{company_id}", str(ANY_ID)),
            )


@pytest.mark.parametrize(("method", "path"), list(_operations()))
def test_api_operation_requires_a_token(client, db, method, path):
    response = client.generic(method, path, data="{}", content_type="application/json")
    assert response.status_code == 401, (method, path)
    assert response["Content-Type"] == "application/problem+json"


def _ui_names(patterns=None, prefix="", signed=False):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in {"admin", "api-v1"}:
                continue
            if pattern.namespace in PUBLIC_FORM_NAMESPACES and not signed:
                continue
            if (pattern.namespace in SIGNED_LINK_NAMESPACES) != signed:
                continue
            yield from _ui_names(pattern.url_patterns, prefix + str(pattern.pattern), signed)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.name not in PUBLIC_UI:
            path = re.sub(r"<[^>]+>", str(ANY_ID), prefix + str(pattern.pattern))
            yield pattern.name, "/" + path


def test_there_are_ui_pages_to_check():
    assert len(list(_ui_names())) >= 8


@pytest.mark.parametrize(("name", "path"), list(_ui_names()))
def test_ui_page_requires_login(client, db, name, path):
    response = client.get(path)
    assert response.status_code in {302, 401, 403, 405}, (name, path, response.status_code)
    if response.status_code == 302:
        assert "/login" in response["Location"], (name, response["Location"])


@pytest.mark.parametrize(("name", "path"), list(_ui_names(signed=True)))
def test_signed_link_page_refuses_an_unsigned_link(client, db, name, path):
    assert client.get(path).status_code == 400, (name, path)
    assert client.post(path).status_code in {400, 403}, (name, path)


def test_public_forms_answer_only_for_a_form_that_exists(client, db):
    """The only pages without a login: an unknown form, or a quote link that was not signed
    here, is a 404, GET or POST."""
    names = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace in PUBLIC_FORM_NAMESPACES:
            for inner in pattern.url_patterns:
                assert isinstance(inner, URLPattern)
                path = "/" + str(pattern.pattern) + str(inner.pattern)
                path = re.sub(r"<[^>]+>", "no-such-form", path)
                names.append(inner.name)
                assert client.get(path).status_code == 404, path
                assert client.post(path).status_code in {404, 405}, path
    assert set(names) == {"form", "consent", "embed", "quote", "quote_pdf"}
