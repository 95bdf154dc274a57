"""Request middleware: the signed-in user's language, and who is acting for the audit trail."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import get_language_from_request

from orbis.audit.context import Actor, acting_as
from orbis.localisation.countries import time_zones


def ui_language(tag: str | None) -> str | None:
    """The UI language (a settings.LANGUAGES code) that serves a stored preference such as
    "pt-BR", "zh-Hans" or "de-AT"; None for no preference ("") or a language Orbis lacks."""
    if not tag:
        return None
    try:
        return translation.get_supported_language_variant(tag.lower())
    except LookupError:
        return None


class UserLanguageMiddleware:
    """The session's chosen language, else the browser's Accept-Language; the user's own
    preference (and time zone) is copied into the session at login and when they change it.
    A user without a preference (language "") gets what their browser asks for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # override(), not activate(): a worker thread serves request after request, and what
        # one request chose must not leak into the next (an API call after a Japanese page).
        if request.path.startswith("/api/"):
            # The API has no session: Accept-Language, else English; times in UTC.
            api_language = get_language_from_request(request)
            with translation.override(api_language), timezone.override(datetime.UTC):
                return self._respond(request)
        chosen = request.session.get("orbis_language") if hasattr(request, "session") else None
        language = ui_language(chosen) or get_language_from_request(request)
        zone = request.session.get("orbis_time_zone") if hasattr(request, "session") else None
        zone_info = ZoneInfo(zone) if zone in time_zones() else None
        with translation.override(language), timezone.override(zone_info):
            return self._respond(request)

    def _respond(self, request: HttpRequest) -> HttpResponse:
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        if "Vary" in response.headers:
            response.headers["Vary"] += ", Accept-Language, Cookie"
        else:
            response.headers["Vary"] = "Accept-Language, Cookie"
        return response


# A client's own request id is kept when it looks like one (letters, digits, - _ . :, at most
# 64): anything else (spaces, control characters, a sentence) is replaced by a server id, so
# the audit chain records no text a client chose freely.
_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


def client_request_id(value: str) -> str:
    return value if _REQUEST_ID.fullmatch(value) else ""


class AuditContextMiddleware:
    """Every audit event written while serving a request names its user and request id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = client_request_id(request.headers.get("X-Request-Id", "")) or uuid.uuid4().hex

        def actor() -> Actor:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                return Actor(id=str(user.pk), label=user.get_username())
            return Actor(label="anonymous")

        with acting_as(actor, request_id):
            response = self.get_response(request)
        response.headers["X-Request-Id"] = request_id
        return response
