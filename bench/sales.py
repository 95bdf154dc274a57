"""The sales benchmark's in-process half, run by bench/__main__.py (`python -m bench sales`) with
the database of the sales run; prints one JSON object on its last line.

    python bench/sales.py load DEALS    add DEALS deals to the demo's pipelines (bulk insert:
                                        loading is not what is measured)
    python bench/sales.py probe         board and forecast server time and queries per page,
                                        and an API token of sales.manager for the HTTP ingest
"""

from __future__ import annotations

import datetime
import json
import os
import random
import sys
import time
import uuid
from decimal import Decimal
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orbis.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from orbis.identity.models import User  # noqa: E402
from orbis.identity.tokens import create_token  # noqa: E402
from orbis.sales.models import Deal, Order, Pipeline  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from probe import summary  # noqa: E402

MANAGER = "sales.manager"
BATCH = 5000


ROUGH = {"EUR": 1, "USD": 1.1, "GBP": 0.85, "JPY": 160, "CAD": 1.5, "INR": 90, "AUD": 1.65}


def _locked(currency: str, rng: random.Random) -> dict[str, Any]:
    rate = Decimal(str(1 / ROUGH.get(currency, 2)))
    amount = Decimal(rng.randint(10, 500) * 100)
    return {
        "amount": amount,
        "reporting_currency": "EUR",
        "reporting_amount": (amount * rate).quantize(Decimal("0.01")),
        "fx_rate": rate.quantize(Decimal("0.000001")),
        "fx_date": timezone.localdate(),
        "fx_source": "bench",
    }


def load(count: int) -> dict[str, Any]:
    """`count` open and closed deals spread over the demo's pipelines, markets and owners."""
    rng = random.Random(1)
    pipelines = list(Pipeline.objects.prefetch_related("stages"))
    template = list(Deal.objects.select_related("market").order_by("pk")[:200])
    today = timezone.localdate()
    now = timezone.now()
    started = time.perf_counter()
    made = 0
    while made < count:
        rows = []
        for _ in range(min(BATCH, count - made)):
            like = rng.choice(template)
            pipeline = next(p for p in pipelines if p.pk == like.pipeline_id)
            stage = rng.choice(list(pipeline.stages.all()))
            won = stage.forecast_category == "closed_won"
            lost = stage.forecast_category == "closed_lost"
            name = f"{like.name} {made}"
            rows.append(
                Deal(
                    id=uuid.uuid4(),
                    name=name,
                    sort_name=name.casefold(),
                    pipeline_id=like.pipeline_id,
                    stage=stage,
                    status="won" if won else "lost" if lost else "open",
                    currency=like.currency,
                    close_date=today + datetime.timedelta(days=rng.randint(-200, 365)),
                    closed_on=today - datetime.timedelta(days=rng.randint(1, 200))
                    if won or lost
                    else None,
                    owner_id=like.owner_id,
                    company_id=like.company_id,
                    market_id=like.market_id,
                    region_id=like.region_id,
                    # A won deal keeps its close day's rate (services.deals locks it); a rough
                    # one here: what the board and forecast read, not what they compute.
                    **(
                        _locked(like.currency, rng)
                        if won
                        else {"amount": Decimal(rng.randint(10, 500) * 100)}
                    ),
                    stage_entered_at=now,
                    created_at=now,
                    updated_at=now,
                )
            )
            made += 1
        with transaction.atomic():
            Deal.objects.bulk_create(rows)
    seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE sales_deal")
    return {"deals_added": count, "seconds": round(seconds, 1)}


def timed(client: Client, path: str, repeat: int) -> dict[str, Any]:
    for _ in range(5):
        client.get(path)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return {**summary(times), "queries": len(queries), "path": path}


def probe() -> dict[str, Any]:
    repeat = int(os.environ.get("BENCH_REPEAT", "200")) // 2
    manager = User.objects.get(username=MANAGER)
    client = Client()
    client.force_login(manager)
    biggest = Pipeline.objects.annotate(n=Count("deals")).order_by("-n").first()
    assert biggest is not None
    _, token = create_token(manager, "bench-orders", actor=manager, scopes=["read", "write"])
    return {
        "deals": Deal.objects.count(),
        "orders": Order.objects.count(),
        "deals_on_board_pipeline": biggest.deals.count(),
        "board": timed(client, f"/sales/board/{biggest.pk}/", repeat),
        "forecast": timed(client, "/sales/forecast/", repeat),
        "deal_list": timed(client, "/sales/deals/", repeat),
        "order_list": timed(client, "/sales/orders/", repeat),
        "token": token,
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["load"]:
        print(json.dumps(load(int(sys.argv[2]))))
    elif sys.argv[1:2] == ["probe"]:
        print(json.dumps(probe()))
    else:
        raise SystemExit(__doc__)
