"""The request queue pages: filters, due dates in the viewer's zone, steps, export download."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import Any

import pytest
from django.urls import reverse

from orbis.audit.models import AuditEvent
from orbis.privacy.requests import querysets
from orbis.privacy.requests.models import DataSubjectRequest

pytestmark = pytest.mark.django_db


def test_queue_shows_due_dates_in_viewer_zone_and_overdue(
    client: Any, dpo: Any, german: Any, californian: Any, open_request: Any
) -> None:
    late = open_request(
        dpo, german, "access", received_at=datetime(2025, 1, 10, 23, 30, tzinfo=UTC)
    )
    open_request(dpo, californian, "erasure")
    client.force_login(dpo)
    session = client.session
    session["orbis_time_zone"] = "Asia/Tokyo"
    session.save()

    page = client.get(reverse("privacy_requests:queue")).content.decode()

    assert late.reference in page
    assert 'id="overdue-warning"' in page
    assert "Feb 11, 2025, 8:30\u202fAM" in page  # due 10 Feb 23:30 UTC: 11 Feb 08:30 in Tokyo
    assert "Overdue" in page
    only_late = client.get(
        reverse("privacy_requests:queue"),
        {"overdue": "1"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    ).content.decode()
    assert late.reference in only_late and "<html" not in only_late
    erasures = client.get(reverse("privacy_requests:queue"), {"kind": "erasure"}).content.decode()
    assert late.reference not in erasures


def test_due_date_follows_the_viewers_time_zone(
    client: Any, dpo: Any, german: Any, open_request: Any
) -> None:
    request = open_request(
        dpo, german, "access", received_at=datetime(2026, 1, 10, 23, 30, tzinfo=UTC)
    )
    client.force_login(dpo)
    session = client.session
    session["orbis_time_zone"] = "Asia/Tokyo"  # what login copies from the user's preference
    session.save()

    page = client.get(reverse("privacy_requests:detail", args=[request.pk])).content.decode()

    assert "Feb 11, 2026, 8:30\u202fAM" in page  # 10 Feb 23:30 UTC = 11 Feb 08:30 in Tokyo


def test_open_a_request_through_the_form(client: Any, dpo: Any, german: Any) -> None:
    client.force_login(dpo)
    found = client.get(reverse("privacy_requests:contact_search"), {"q": "becker"}).content.decode()
    assert str(german.pk) in found

    response = client.post(
        reverse("privacy_requests:create"),
        {
            "contact": str(german.pk),
            "kind": "erasure",
            "channel": "web",
            "supplied": ["name", "email"],
        },
    )

    created = DataSubjectRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy_requests:detail", args=[created.pk])
    assert (created.kind, created.channel, created.supplied) == (
        "erasure",
        "web",
        ["email", "name"],
    )


def test_form_refuses_an_unknown_kind(client: Any, dpo: Any, german: Any) -> None:
    client.force_login(dpo)

    response = client.post(
        reverse("privacy_requests:create"),
        {"contact": str(german.pk), "kind": "delete-me", "channel": "web"},
    )

    assert response.status_code == 422
    assert not DataSubjectRequest.objects.exists()


def test_steps_verify_then_erase_with_confirmation(
    client: Any, dpo: Any, german: Any, open_request: Any
) -> None:
    request = open_request(dpo, german, "erasure", verified=False)
    client.force_login(dpo)
    step = lambda name: reverse("privacy_requests:step", args=[request.pk, name])  # noqa: E731

    client.post(step("erase"), {"confirm": "on"})  # before verification: refused
    german.refresh_from_db()
    assert german.family_name == "Becker"
    client.post(step("verify"), {"method": "id_document"})
    client.post(step("erase"), {})  # no confirmation: nothing happens
    german.refresh_from_db()
    assert german.family_name == "Becker"
    client.post(step("erase"), {"confirm": "on"})

    german.refresh_from_db()
    assert german.family_name.startswith("Erased ")
    page = client.get(reverse("privacy_requests:detail", args=[request.pk])).content.decode()
    assert "privacy_requests.request_completed" in page


def test_export_download_is_a_zip_and_audited(
    client: Any, dpo: Any, german: Any, open_request: Any
) -> None:
    request = open_request(dpo, german, "access")
    client.force_login(dpo)

    response = client.post(reverse("privacy_requests:download", args=[request.pk]))

    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "customers.json" in archive.namelist()
    assert AuditEvent.objects.filter(action="privacy_requests.export_downloaded").count() == 1


def test_extend_and_reject_from_the_page(
    client: Any, dpo: Any, german: Any, open_request: Any
) -> None:
    request = open_request(dpo, german, "access")
    client.force_login(dpo)

    client.post(
        reverse("privacy_requests:step", args=[request.pk, "extend"]), {"reason": "Complex"}
    )
    client.post(
        reverse("privacy_requests:step", args=[request.pk, "reject"]), {"reason": "Unfounded"}
    )

    request.refresh_from_db()
    assert request.extended_at is not None and request.status == "rejected"


def test_other_regions_request_is_404_and_viewers_cannot_act(
    client: Any, eu_privacy: Any, eu_rep: Any, dpo: Any, californian: Any, open_request: Any
) -> None:
    request = open_request(dpo, californian, "access")
    client.force_login(eu_privacy)

    assert client.get(reverse("privacy_requests:detail", args=[request.pk])).status_code == 404
    assert (
        client.post(
            reverse("privacy_requests:create"),
            {"contact": str(californian.pk), "kind": "access", "channel": "web"},
        ).status_code
        == 404
    )
    assert AuditEvent.objects.filter(action="privacy_requests.request_refused").exists()
    client.force_login(eu_rep)
    assert client.get(reverse("privacy_requests:queue")).status_code == 403
    assert querysets.access_request(dpo, request.pk) == request
