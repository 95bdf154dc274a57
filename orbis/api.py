"""The REST API v1: one NinjaAPI that mounts each app's router and speaks problem+json.

Every error leaves as an RFC 9457 problem document (Content-Type application/problem+json)
with a stable `type`; input errors list each offending field under `errors`.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import ninja
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import DocsBase

from orbis.api_schema import conform
from orbis.customers import api as customers_api
from orbis.identity.api import router as identity_router
from orbis.identity.api_auth import TokenAuth
from orbis.kernel.errors import PROBLEM_BASE, DomainError
from orbis.kernel.http import error_response, problem_response
from orbis.localisation.api_fx import router as fx_router
from orbis.sales.api import router as sales_router
from orbis.sales.api_forecasting import router as forecasting_router
from orbis.sales.api_leads import router as leads_router
from orbis.sales.api_quotes import router as quotes_router

logger = logging.getLogger("orbis.api")

# Swagger UI as bundled in the django-ninja wheel, served from this origin: the site's CSP
# (script-src 'self') forbids the CDN ninja falls back to when it is not an installed app.
_SWAGGER_DIR = Path(ninja.__file__).parent / "static" / "ninja"
_SWAGGER_ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.png": "image/png",
}


class SameOriginSwagger(DocsBase):
    """Swagger UI whose scripts, styles and settings all come from this origin."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            "validatorUrl": None,
            "persistAuthorization": False,
        }
        config = json.dumps(settings).replace("<", "\\u003c")

        def asset(name: str) -> str:
            return escape(reverse(f"{api.urls_namespace}:docs-asset", kwargs={"name": name}))

        page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(api.title)}</title>
<link rel="stylesheet" href="{asset("swagger-ui.css")}">
<link rel="icon" href="{asset("favicon.png")}">
</head>
<body data-csrf-token="" data-api-csrf="">
<script type="application/json" id="swagger-settings">{config}</script>
<div id="swagger-ui"></div>
<script src="{asset("swagger-ui-bundle.js")}"></script>
<script src="{asset("swagger-ui-init.js")}"></script>
</body>
</html>"""
        return HttpResponse(page)


@cache
def _swagger_asset(name: str) -> bytes:
    return (_SWAGGER_DIR / name).read_bytes()


class OrbisAPI(NinjaAPI):
    """The API whose OpenAPI document lists every answer it gives (orbis/api_schema.py)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return conform(super().get_openapi_schema(*args, **kwargs))


api = OrbisAPI(
    title="Orbis API",
    version="1",
    description=(
        "REST API of Orbis, the global CRM. Authenticate with `Authorization: Bearer orb_...` "
        "(`orbis token create USERNAME`). Errors are RFC 9457 problem+json naming each field."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs=SameOriginSwagger(),
)


@api.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs-asset")
def docs_asset(request: HttpRequest, name: str) -> HttpResponse:
    content_type = _SWAGGER_ASSETS.get(name)
    if content_type is None:
        raise Http404(name)
    response = HttpResponse(_swagger_asset(name), content_type=content_type)
    response["Cache-Control"] = f"public, max-age=86400, immutable; v={ninja.__version__}"
    return response


api.add_router("/", customers_api.contacts, tags=["contacts"])
api.add_router("/", customers_api.companies, tags=["companies"])
api.add_router("/", identity_router, tags=["identity"])
api.add_router("/", fx_router, tags=["exchange rates"])
api.add_router("/", sales_router)
api.add_router("/", forecasting_router)
api.add_router("/", leads_router)
api.add_router("/", quotes_router)


# --- errors as problem+json --------------------------------------------------------------------


def _problem(
    request: HttpRequest, status: int, kind: str, title: str, detail: str, **extra: Any
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + kind,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path,
        **extra,
    }
    return problem_response(body)


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """('body', 'payload', 'emails', 0, 'value') -> 'emails.0.value'; ('query', 'x') -> 'x'."""
    parts = list(loc)
    source = str(parts.pop(0)) if parts else "body"
    if source == "body" and parts:
        parts.pop(0)  # the view's parameter name, which the client never sees
    return ".".join(str(p) for p in parts) or source


_MESSAGES = {"extra_forbidden": "Unknown field.", "missing": "This field is required."}


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_response(exc, request)


@api.exception_handler(NinjaValidationError)
def on_invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"field": _field_name(e.get("loc", ())), "message": _MESSAGES.get(e["type"], e["msg"])}
        for e in exc.errors
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return _problem(request, 422, "validation-error", "Invalid input", detail, errors=errors)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _problem(
        request,
        401,
        "unauthenticated",
        "Authentication required",
        "Send a valid, unrevoked API token: Authorization: Bearer orb_...",
    )
    response["WWW-Authenticate"] = 'Bearer realm="orbis"'
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        return _problem(
            request,
            400,
            "malformed-request",
            "Malformed request",
            "The request body is not valid JSON.",
            errors=[{"field": "body", "message": "Not valid JSON."}],
        )
    return _problem(request, exc.status_code, f"http-{exc.status_code}", str(exc), str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    from django.conf import settings

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return _problem(
        request,
        413,
        "payload-too-large",
        "Request body too large",
        f"The body exceeds the limit of {limit} bytes.",
        errors=[{"field": "body", "message": f"At most {limit} bytes."}],
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _problem(request, 404, "not-found", "Not found", "Not found")


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unhandled error in %s %s", request.method, request.path)
    return _problem(
        request,
        500,
        "internal-error",
        "Internal error",
        "Something went wrong on our side; the request id helps us find it.",
    )
