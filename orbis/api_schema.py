"""What the OpenAPI document says the API answers, made true (issue 12; checked by schemathesis
against a live server in orbis/tests/test_api_conformance.py).

django-ninja documents every response as application/json and knows nothing of the headers the
endpoints read themselves. This completes each operation once, after ninja builds the document:

- every error (4xx, 5xx) is `application/problem+json` with the Problem schema, and every
  operation lists the errors any operation may answer: 401 (no or a bad token), 422 (bad
  input, including what the input guard refuses), 500; those with a path id 404; those with a
  body 400 and 413; PATCH 412 and 428;
- PATCH declares the required `If-Match` header (archive and restore an optional one), POST
  creations the optional `Idempotency-Key`;
- every string a client sends is declared free of NUL, other control characters and lone
  surrogates, which the input guard refuses (kernel/input_guard.py, kernel/text.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from orbis.kernel.errors import PROBLEM_BASE
from orbis.kernel.http import problem_response

PROBLEM = {"$ref": "#/components/schemas/Problem"}
# Text the API stores: no C0 control character but tab, line feed and carriage return. (Lone
# surrogates are refused too, 422, but a JSON Schema pattern cannot name them portably.)
CLEAN_TEXT = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]*$"

_DESCRIPTIONS = {
    "400": "The body is not valid JSON.",
    "401": "No valid, unrevoked API token.",
    "403": "The token's scopes do not allow this.",
    "404": "No such record, or not one the caller may see.",
    "412": "The record changed since the ETag in If-Match was read.",
    "413": "The body is too large.",
    "422": "Input the API does not accept; `errors` names each field.",
    "428": "If-Match is required: send the ETag you last read.",
    "500": "An error on Orbis's side; the request id helps find it.",
}


def _errors_for(method: str, path: str, has_body: bool) -> list[str]:
    codes = ["401", "403", "422", "500"]
    if "{" in path:
        codes.append("404")
    if has_body:
        codes += ["400", "413"]
    if method == "patch":
        codes += ["412", "428"]
    elif path.endswith(("/archive", "/restore")):
        codes.append("412")
    return codes


def _header(name: str, required: bool, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "in": "header",
        "name": name,
        "required": required,
        "description": description,
        "schema": {"type": "string", **schema},
    }


# Any If-Match is read: one that matches no ETag is a 412, as documented. An Idempotency-Key is
# 1 to 255 printable ASCII characters, else a 422.
_ETAG: dict[str, Any] = {}
_KEY = {"minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}


def _clean_strings(schema: Any, components: dict[str, Any], seen: set[str]) -> None:
    """Add the clean-text pattern to every string in `schema`, following $refs once each."""
    if isinstance(schema, list):
        for item in schema:
            _clean_strings(item, components, seen)
        return
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        name = ref.rsplit("/", 1)[1]
        if name not in seen:
            seen.add(name)
            _clean_strings(components.get(name), components, seen)
        return
    if schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
        schema.setdefault("pattern", CLEAN_TEXT)
    for value in schema.values():
        if isinstance(value, dict | list):
            _clean_strings(value, components, seen)


def conform(document: dict[str, Any]) -> dict[str, Any]:
    components = document.setdefault("components", {}).setdefault("schemas", {})
    inputs: set[str] = set()
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            body = operation.get("requestBody")
            operation["responses"] = {str(k): v for k, v in operation["responses"].items()}
            for code in _errors_for(method, path, body is not None):
                operation["responses"].setdefault(code, {"description": _DESCRIPTIONS[code]})
            for code, response in operation["responses"].items():
                if int(code) >= 400:
                    response["content"] = {"application/problem+json": {"schema": PROBLEM}}
            parameters = operation.setdefault("parameters", [])
            if method == "patch":
                parameters.append(_header("If-Match", True, "The ETag you last read.", _ETAG))
            elif path.endswith(("/archive", "/restore")):
                parameters.append(_header("If-Match", False, "Checked when sent.", _ETAG))
            if method == "post" and "{" not in path:
                parameters.append(
                    _header(
                        "Idempotency-Key",
                        False,
                        "Any unique string; a retry with the same key and body gets the first "
                        "answer again instead of a second record.",
                        _KEY,
                    )
                )
            for parameter in parameters:
                if parameter.get("in") in ("query", "path"):
                    _clean_strings(parameter.get("schema"), components, inputs)
            if body is not None:
                _clean_strings(body, components, inputs)
    return document


# --- HEAD, OPTIONS and 405 --------------------------------------------------------------------


@functools.cache
def _templates() -> list[tuple[re.Pattern[str], frozenset[str]]]:
    from orbis.api import api

    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
        found.append((re.compile(f"^{pattern}$"), frozenset(m.upper() for m in operations)))
    return found


def allowed_methods(path: str) -> frozenset[str] | None:
    """The methods the document declares for `path` (with HEAD for GET and OPTIONS), or None."""
    for pattern, methods in _templates():
        if pattern.match(path):
            extra = {"HEAD"} if "GET" in methods else set()
            return frozenset(methods | extra | {"OPTIONS"})
    return None


class ApiMethodsMiddleware:
    """HTTP's general rules for the API's paths: HEAD answers as GET without the body, OPTIONS
    lists the methods, and any other method is a 405 naming them (Allow)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        allowed = allowed_methods(request.path)
        if allowed is None:
            return self.get_response(request)
        allow = ", ".join(sorted(allowed))
        if request.method == "OPTIONS":
            return HttpResponse(status=204, headers={"Allow": allow})
        if request.method not in allowed:
            response = problem_response(
                {
                    "type": PROBLEM_BASE + "method-not-allowed",
                    "title": "Method not allowed",
                    "status": 405,
                    "detail": f"{request.method} is not allowed here; use {allow}.",
                    "instance": request.path,
                }
            )
            response["Allow"] = allow
            return response
        if request.method == "HEAD":
            request.method = "GET"
            response = self.get_response(request)
            length = len(response.content) if not response.streaming else None
            response.content = b""
            if length is not None:
                response["Content-Length"] = str(length)
            return response
        return self.get_response(request)
