"""The privacy registers are web-kit lists (every row reachable, counted), and the officer's
forms show each error beside its field with what was typed kept, answering 422."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from orbis.identity.access import log_refusal
from orbis.kernel.registry import registry
from orbis.kernel.web import pages
from orbis.privacy.governance import services
from orbis.privacy.governance.models import Breach, ProcessingActivity, RetentionPolicy, TransferLog

pytestmark = pytest.mark.django_db


def _walk(client: Any, path: str, row_pattern: str) -> tuple[list[str], int, str]:
    """Follow "Next" from `path`; the rows matched on every page, the page count, page one."""
    rows: list[str] = []
    url, count, first = path, 0, ""
    while url:
        assert count < 10, f"paging does not end: {url}"
        html = client.get(url).content.decode()
        first = first or html
        rows += re.findall(row_pattern, html)
        found = re.search(r'rel="next" href="([^"]+)"', html)
        url = path + found.group(1).replace("&amp;", "&") if found else ""
        count += 1
    return rows, count, first


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'invalid-feedback d-block" data-field="([^"]+)">([^<]+)<', html))


def test_the_breach_register_pages_through_every_breach(client, dpo, monkeypatch):
    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    start = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    for n in range(5):
        services.record_breach(
            {"title": f"Breach {n}", "description": "d", "countries": ["DE"],
             "discovered_at": start + timedelta(days=n)},
            actor=dpo,
        )  # fmt: skip
    client.force_login(dpo)

    titles, count, first = _walk(client, "/privacy/breaches/", r'dir="auto">(Breach \d)</a>')

    assert titles == [f"Breach {n}" for n in (4, 3, 2, 1, 0)]  # newest discovered first
    assert count == 3 and "5 results" in first


def test_the_transfer_log_and_the_refusals_page_through_every_entry(
    client, dpo, eu_rep, regions, monkeypatch
):
    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    now = timezone.now()
    TransferLog.objects.bulk_create(
        TransferLog(occurred_at=now - timedelta(minutes=n), actor_label=f"user{n}",
                    from_region="na", to_region="emea", target_type="customers.contact",
                    target_ids=["x"] * (n + 1), channel="page")
        for n in range(5)
    )  # fmt: skip
    for n in range(3):
        log_refusal(
            eu_rep, regions["na"].pk, f"emea -> na: no policy {n}", ("customers.contact", f"id{n}")
        )
    client.force_login(dpo)

    actors, count, first = _walk(client, "/privacy/transfers/", r"<td><bdi>(user\d)</bdi></td>")
    assert actors == [f"user{n}" for n in range(5)] and count == 3 and "5 results" in first
    assert 'href="/privacy/refusals/"' in first

    targets, count, first = _walk(
        client, "/privacy/refusals/", r'font-monospace"><bdi>(id\d)</bdi>'
    )
    assert targets == ["id2", "id1", "id0"] and count == 2 and "3 results" in first


def test_a_retention_policy_error_stands_beside_its_field(client, dpo):
    client.force_login(dpo)
    form = {"name": "Leads — Germany", "country": "DE", "record_type": "inactive_lead",
            "months": "0", "action": "anonymise", "reason": "HGB §257"}  # fmt: skip

    response = client.post("/privacy/retention/", form)

    html = response.content.decode()
    assert response.status_code == 422
    assert set(_errors(html)) == {"months"}
    assert 'value="Leads — Germany"' in html and 'value="HGB §257"' in html
    assert not RetentionPolicy.objects.exists()
    form["months"] = "24"
    assert client.post("/privacy/retention/", form).status_code == 302
    assert RetentionPolicy.objects.get().months == 24


def test_a_residency_policy_error_stands_beside_its_field(client, dpo, regions):
    client.force_login(dpo)
    form = {"data_region": regions["na"].pk, "user_region": regions["emea"].pk,
            "mechanism": "", "reference": "DPA 2026-04", "allowed": "on"}  # fmt: skip

    response = client.post("/privacy/transfers/policy/", form)

    html = response.content.decode()
    assert response.status_code == 422
    assert "legal mechanism" in _errors(html)["mechanism"]  # the service's own message
    assert 'value="DPA 2026-04"' in html
    form["mechanism"] = "scc"
    assert client.post("/privacy/transfers/policy/", form).status_code == 302


def test_a_processing_activity_error_stands_beside_the_field_of_its_purpose(client, dpo):
    purpose = next(iter(registry.personal_data_handlers["customers"].purposes))
    client.force_login(dpo)
    form = {"purpose": purpose, f"{purpose}-name": "Customer care",
            f"{purpose}-lawful_basis": "contract", f"{purpose}-data_subjects": ""}  # fmt: skip

    response = client.post("/privacy/processing/", form)

    html = response.content.decode()
    assert response.status_code == 422
    assert set(_errors(html)) == {f"{purpose}-data_subjects"}
    assert 'value="Customer care"' in html
    form[f"{purpose}-data_subjects"] = "Customers"
    assert client.post("/privacy/processing/", form).status_code == 302
    assert ProcessingActivity.objects.get(purpose=purpose).data_subjects == "Customers"


def test_a_notification_error_stands_beside_its_field(client, dpo):
    breach = services.record_breach(
        {"title": "Lost laptop", "description": "d", "countries": ["DE"],
         "discovered_at": timezone.now()},
        actor=dpo,
    )  # fmt: skip
    client.force_login(dpo)
    form = {"step": "notify", "recipient": "authority", "jurisdiction": "eu_gdpr",
            "notified_at": "", "reference": "BfDI-1234"}  # fmt: skip

    response = client.post(f"/privacy/breaches/{breach.pk}/", form)

    html = response.content.decode()
    assert response.status_code == 422
    assert set(_errors(html)) == {"notified_at"}
    assert 'value="BfDI-1234"' in html
    form["notified_at"] = "2026-03-02T09:00"
    assert client.post(f"/privacy/breaches/{breach.pk}/", form).status_code == 302
    assert Breach.objects.get().notifications.get().reference == "BfDI-1234"


def test_the_dashboard_counts_requests_through_the_registry(client, dpo):
    # Governance does not import the requests app: the count is a registered work counter.
    counted = registry.work_counters["privacy_requests"](dpo)
    client.force_login(dpo)

    html = client.get("/privacy/").content.decode()

    assert (counted.open, counted.overdue) == (0, 0)
    assert 'id="card-requests"' in html and "Overdue" in html
