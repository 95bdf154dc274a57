"""OpenAPI 3.1 at /api/v1/openapi.json and Swagger UI at /api/v1/docs, served from this origin
so the site's Content-Security-Policy holds."""

import re

from django.test import Client


def test_openapi_document(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1.")
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/contacts"])
    assert {"get", "patch"} <= set(paths["/api/v1/contacts/{contact_id}"])
    assert "post" in paths["/api/v1/contacts/{contact_id}/archive"]
    assert "post" in paths["/api/v1/companies/{company_id}/restore"]
    assert "/api/v1/me" in paths
    assert paths["/api/v1/companies"]["get"]["tags"] == ["companies"]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    contact = schema["components"]["schemas"]["ContactCreate"]
    assert contact["additionalProperties"] is False and "country" in contact["required"]
    list_params = {p["name"] for p in paths["/api/v1/contacts"]["get"]["parameters"]}
    assert {
        "country",
        "region",
        "owner",
        "tag",
        "lifecycle_stage",
        "updated_since",
        "archived",
        "q",
        "cursor",
        "limit",
    } <= list_params


def test_docs_page_loads_everything_from_this_origin(db):
    client = Client()
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "cdn" not in csp
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) == 4
    for url in assets:
        assert url.startswith("/api/v1/docs/assets/"), url
        asset = client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 100
    assert '"url": "/api/v1/openapi.json"' in html
    assert "<script>" not in html  # no inline script for the CSP to block


def test_unknown_docs_asset_is_404(db):
    assert Client().get("/api/v1/docs/assets/secret.py").status_code == 404
    assert Client().get("/api/v1/docs/assets/..%2F__init__.py").status_code == 404
