"""Pages and API answers may hold personal data: no browser, proxy or shared cache keeps them.

Every response that has not set its own Cache-Control gets `no-store`; static files are served
before this middleware (WhiteNoise) and keep their long lifetime.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
