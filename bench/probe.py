"""In-process measurements on a loaded database; prints one JSON object on its last line.

Run by bench/__main__.py with production settings (ORBIS_DEBUG off). Times are server time: a
request through Django's full middleware stack with the test Client, no network in between.
Also prepares what the HTTP benchmark needs: an API token of a regional sales rep and a file
of contact ids that rep may see.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orbis.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from orbis.customers.models import Contact, ContactPoint  # noqa: E402
from orbis.identity.models import User  # noqa: E402
from orbis.identity.tokens import create_token  # noqa: E402

REP = "emea.rep"
SAMPLE_IDS = 2000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def summary(times: list[float]) -> dict[str, float]:
    ms = [t * 1000 for t in times]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
    }


def timed(
    client: Client, paths: list[str], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """Warm up, time every request, then count the queries of one more."""
    for path in paths[:10]:
        client.get(path, headers=headers)
    times = []
    for path in paths:
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(paths[0], headers=headers)
    return {**summary(times), "queries": len(queries), "path": paths[0]}


def access_cost(user: User, region_id: Any, rounds: int = 2000) -> dict[str, float]:
    """What the access model costs one request, in microseconds: reading the user's grants (one
    prepared statement), scoping a queryset by action, and one `may` answer."""
    from orbis.identity.access import forget_grants, grants_for, may

    def per_call(work: Any) -> float:
        for _ in range(50):
            work()
        started = time.perf_counter()
        for _ in range(rounds):
            work()
        return round((time.perf_counter() - started) / rounds * 1e6, 1)

    def read_grants() -> None:
        forget_grants(user)
        grants_for(user)

    grants_for(user)
    return {
        "read_grants_us": per_call(read_grants),
        "scope_queryset_us": per_call(
            lambda: str(Contact.objects.visible_to(user, "change").query)
        ),
        "may_us": per_call(lambda: may(user, "customers.change_contact", region_id)),
    }


def main() -> None:
    ids_file = sys.argv[1]
    repeat = int(os.environ.get("BENCH_REPEAT", "200"))
    rep = User.objects.get(username=REP)
    visible = Contact.objects.visible_to(rep)
    count = visible.count()
    # A spread of ids over the whole table: every k-th row in primary-key order.
    step = max(1, count // SAMPLE_IDS)
    ids = [str(pk) for pk in visible.order_by("pk").values_list("pk", flat=True)[::step]][
        :SAMPLE_IDS
    ]
    with open(ids_file, "w") as handle:
        handle.write("\n".join(ids) + "\n")
    _, token = create_token(rep, "bench", actor=rep, scopes=["read"])

    rng = random.Random(1)
    sample = [visible.get(pk=pk) for pk in rng.sample(ids, min(50, len(ids)))]
    surname = Counter(c.family_name for c in sample if c.family_name.isascii()).most_common(1)[0][0]
    points = ContactPoint.objects.filter(contact__in=sample)
    email = points.filter(kind="email").values_list("value", flat=True).first()
    phone = points.filter(kind="phone").values_list("value", flat=True).first()
    assert email and phone

    client = Client()
    client.force_login(rep)
    pages = [f"/contacts/{pk}/" for pk in (rng.choice(ids) for _ in range(repeat))]
    api = [f"/api/v1/contacts/{pk}" for pk in (rng.choice(ids) for _ in range(repeat))]
    auth = {"Authorization": f"Bearer {token}"}
    few = max(20, repeat // 4)
    results = {
        "contacts_total": Contact.objects.count(),
        "contacts_visible_to_rep": count,
        "search_terms": {"surname": surname, "email": email, "phone": phone},
        "contact_page": timed(client, pages),
        "api_get_in_process": timed(Client(), api, auth),
        "list_country_de": timed(client, ["/contacts/?country=DE"] * few),
        "list_page_2": timed(client, [_second_page(client)] * few),
        "search_surname": timed(client, [f"/contacts/?q={surname}"] * few),
        "search_email": timed(client, [f"/contacts/?q={email}"] * few),
        "search_phone": timed(client, [f"/contacts/?q={phone.lstrip('+')}"] * few),
        "global_search_surname": timed(client, [f"/search?q={surname}"] * few),
        "api_list_country_de": timed(Client(), ["/api/v1/contacts?country=DE"] * few, auth),
        "api_search_surname": timed(Client(), [f"/api/v1/contacts?q={surname}"] * few, auth),
        "access": access_cost(rep, sample[0].region_id),
        "token": token,
    }
    print(json.dumps(results))


def _second_page(client: Client) -> str:
    """The list's 'next' link, so keyset pagination past the first page is measured too."""
    import re

    html = client.get("/contacts/?country=DE").content.decode()
    match = re.search(r'href="(\?[^"]*after=[^"]+)"', html)
    return "/contacts/" + match.group(1).replace("&amp;", "&") if match else "/contacts/?country=DE"


if __name__ == "__main__":
    main()
