"""A per-client-address rate limit for pages anyone may open (signed links, sign-in helpers).

Counts requests per address in fixed windows in the default cache; past the limit the page
answers 429 with the styled error page and a Retry-After, and the view does not run, so no
write (a counter, a log line) follows from the flood.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def count_once(key: str, window: int) -> int:
    """Add one to the counter `key` in the default cache, kept `window` seconds from its first
    count; the count so far."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window)
        return 1


def within_limit(scope: str, client: str, limit: int, window: int) -> bool:
    """Count one request of `client` under `scope`; False once the window is over `limit`."""
    return count_once(f"ratelimit:{scope}:{client}:{int(time.time() // window)}", window) <= limit


def rate_limited(scope: str, setting: str, default: int, window: int = 60) -> Callable[..., Any]:
    """At most settings.<setting> (else `default`) requests per `window` seconds per address."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            limit = int(getattr(settings, setting, default))
            if not within_limit(scope, client_address(request), limit, window):
                response = render(request, "429.html", {"seconds": window}, status=429)
                response["Retry-After"] = str(window)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
