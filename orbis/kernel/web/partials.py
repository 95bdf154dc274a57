"""htmx partial rendering: one idiom for "render only the part this request targets"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def htmx_target(request: HttpRequest) -> str | None:
    """The id of the element an htmx request swaps (django-htmx's `request.htmx`), else None."""
    details = getattr(request, "htmx", None)
    return details.target if details else None


def render_partial(
    request: HttpRequest, template: str, context: dict[str, Any], partial: str = "results"
) -> HttpResponse:
    """The whole page, or only its `{% partialdef partial %}` when htmx targets `#partial`."""
    if htmx_target(request) == partial:
        template = f"{template}#{partial}"
    return render(request, template, context)
