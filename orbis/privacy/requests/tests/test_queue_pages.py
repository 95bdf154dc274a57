"""The request queue is a web-kit list: every request reachable page by page, counted, sorted."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse

from orbis.kernel.web import pages

pytestmark = pytest.mark.django_db

KINDS = ["access", "portability", "rectification", "restriction", "objection"]


def _references(html: str) -> list[str]:
    return re.findall(r'font-monospace" href="/privacy/requests/[^"]+/"><bdi>([^<]+)</bdi>', html)


def _next(html: str) -> str | None:
    found = re.search(r'rel="next" href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_the_queue_pages_through_every_request_and_counts_them(
    client: Any, dpo: Any, german: Any, open_request: Any, monkeypatch: Any
) -> None:
    # The queue used to stop silently at 200 rows; with pages of two, five requests need three.
    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    start = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    made = [
        open_request(dpo, german, kind, received_at=start + timedelta(days=n))
        for n, kind in enumerate(KINDS)
    ]
    client.force_login(dpo)

    seen: list[str] = []
    url, pages_seen = reverse("privacy_requests:queue"), 0
    while url:
        html = client.get(url).content.decode()
        assert 'id="list-count"' in html and "5 results" in html
        seen += _references(html)
        following = _next(html)
        url = reverse("privacy_requests:queue") + following if following else ""
        pages_seen += 1

    assert pages_seen == 3
    assert seen == [r.reference for r in sorted(made, key=lambda r: r.due_at)]


def test_the_queue_sorts_by_received_newest_first_and_keeps_the_filters(
    client: Any, dpo: Any, german: Any, open_request: Any
) -> None:
    start = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    made = [
        open_request(dpo, german, kind, received_at=start + timedelta(days=n))
        for n, kind in enumerate(KINDS[:3])
    ]
    client.force_login(dpo)

    html = client.get(reverse("privacy_requests:queue"), {"sort": "received"}).content.decode()
    only = client.get(
        reverse("privacy_requests:queue"), {"sort": "received", "kind": "access"}
    ).content.decode()

    assert _references(html) == [r.reference for r in reversed(made)]
    assert 'aria-sort="descending"' in html
    assert _references(only) == [made[0].reference]
    assert '<input type="hidden" name="sort" value="received">' in only  # the filters keep it
