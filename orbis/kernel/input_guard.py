"""Input no layer below can store, refused at the door with a 4xx that names the field.

- `ChunkedBodyMiddleware` (first in the list): a body sent with `Transfer-Encoding: chunked`
  has no Content-Length, and Django reads such a body as empty. gunicorn decodes the chunks and
  marks the stream as ending by itself (`wsgi.input_terminated`); this reads it, up to
  DATA_UPLOAD_MAX_MEMORY_SIZE, so the view sees the body that was sent.
- `InputGuardMiddleware` (after authentication): a control character (NUL, escape...; tab and
  line breaks are text) in a query or form value (SQLite's full-text search and PostgreSQL's
  text columns cannot hold a NUL), and, in a JSON body, the same, a lone surrogate (no encoding
  can store one) or nesting deeper than MAX_JSON_DEPTH. The API
  answers a problem document (422), pages the styled 400 page, both naming the field.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .errors import ValidationError
from .http import problem_response
from .text import CONTROL, has_control

MAX_JSON_DEPTH = 32


class ChunkedBodyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        chunked = "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not meta.get("CONTENT_LENGTH") and meta.get("wsgi.input_terminated"):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2**31
            body = meta["wsgi.input"].read(limit + 1)
            if len(body) > limit:
                return _refuse(
                    request, "body", _("The body is larger than %(n)s bytes.") % {"n": limit}, 413
                )
            meta["CONTENT_LENGTH"] = str(len(body))
            stream: Any = LimitedStream(io.BytesIO(body), len(body))
            request._stream = stream  # what HttpRequest.read() and .body read from
        return self.get_response(request)


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = _query_problem(request) or _body_problem(request)
        if found:
            return _refuse(request, *found)
        return self.get_response(request)


def _query_problem(request: HttpRequest) -> tuple[str, str] | None:
    params = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        params.append(request.POST)
    for query in params:
        for name, values in query.lists():
            if has_control(name) or any(has_control(value) for value in values):
                return _printable(name), _("Remove the control character from this value.")
    return None


def _body_problem(request: HttpRequest) -> tuple[str, str] | None:
    if request.method not in ("POST", "PUT", "PATCH") or request.content_type != "application/json":
        return None
    try:
        body = request.body
    except RequestDataTooBig:
        return None  # the API answers 413 in its own words when it reads the body
    try:
        data = json.loads(body or b"null")
    except RecursionError:
        return "body", _("Nested too deeply: at most %(n)s levels.") % {"n": MAX_JSON_DEPTH}
    except ValueError:
        return None  # not JSON: the endpoint answers that in its own words
    return json_problem(data)


def json_problem(data: Any) -> tuple[str, str] | None:
    """The first value a JSON document holds that cannot be stored: (its path, why)."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return path or "body", _("Nested too deeply: at most %(n)s levels.") % {
                "n": MAX_JSON_DEPTH
            }
        if isinstance(value, str):
            if why := _text_problem(value):
                return path or "body", why
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else str(key)
                if why := _text_problem(key):
                    return child, why
                stack.append((item, child, depth + 1))
        elif isinstance(value, list):
            stack.extend(
                (item, f"{path}.{index}" if path else str(index), depth + 1)
                for index, item in enumerate(value)
            )
    return None


def _printable(name: str) -> str:
    return "".join(char for char in name if char not in CONTROL)


def _text_problem(text: str) -> str | None:
    if has_control(text):
        return _("Remove the control character from this value.")
    if any("\ud800" <= char <= "\udfff" for char in text):
        return _("This text holds an invalid character (a lone surrogate).")
    return None


def _refuse(request: HttpRequest, field: str, message: str, status: int = 0) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = ValidationError({field: message}).to_problem(request.path)
        if status:
            body["status"] = status
        return problem_response(body)
    context = {"problem_field": field, "problem": message}
    return render(request, "400.html", context, status=status or 400)
