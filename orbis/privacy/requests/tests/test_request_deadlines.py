"""Due dates follow the contact's jurisdiction, with frozen times; one extension, by law."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from orbis.audit.models import AuditEvent
from orbis.kernel.errors import Conflict, ValidationError
from orbis.privacy.requests import services
from orbis.privacy.requests.models import DataSubjectRequest

from .conftest import RECEIVED

pytestmark = pytest.mark.django_db


def test_gdpr_one_month_extended_by_two(dpo: Any, german: Any, open_request: Any) -> None:
    request = open_request(dpo, german, "access")

    assert request.jurisdiction == "eu_gdpr"
    assert "Art. 12(3)" in request.citation
    assert request.due_at == datetime(2026, 2, 15, 9, 30, tzinfo=UTC)
    services.extend_deadline(request, "Many records in several systems", actor=dpo)
    request.refresh_from_db()
    assert request.due_at == datetime(2026, 4, 15, 9, 30, tzinfo=UTC)  # three months
    assert request.extension_reason == "Many records in several systems"
    assert AuditEvent.objects.filter(action="privacy_requests.deadline_extended").count() == 1


def test_ccpa_45_days_extended_by_45(dpo: Any, californian: Any, open_request: Any) -> None:
    request = open_request(dpo, californian, "erasure")

    assert request.jurisdiction == "us_ca_ccpa"
    assert request.due_at == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    services.extend_deadline(request, "Backups to search", actor=dpo)
    request.refresh_from_db()
    assert request.due_at == datetime(2026, 4, 15, 9, 30, tzinfo=UTC)  # 90 days


def test_second_extension_is_refused_and_audited(dpo: Any, german: Any, open_request: Any) -> None:
    request = open_request(dpo, german, "access")
    services.extend_deadline(request, "Complex", actor=dpo)
    due = DataSubjectRequest.objects.get(pk=request.pk).due_at

    with pytest.raises(Conflict):
        services.extend_deadline(request, "Still complex", actor=dpo)

    assert DataSubjectRequest.objects.get(pk=request.pk).due_at == due
    assert AuditEvent.objects.filter(action="privacy_requests.extension_refused").exists()


def test_lgpd_has_no_extension(dpo: Any, admin: Any, make_contact: Any, open_request: Any) -> None:
    brazilian = make_contact(admin, given_name="Ana", family_name="Souza", country="BR")
    request = open_request(dpo, brazilian, "access")
    assert request.due_at == datetime(2026, 1, 30, 9, 30, tzinfo=UTC)

    with pytest.raises(ValidationError) as refused:
        services.extend_deadline(request, "Need more time", actor=dpo)

    assert "reason" in refused.value.errors
    assert DataSubjectRequest.objects.get(pk=request.pk).extended_at is None


def test_extension_needs_a_reason(dpo: Any, german: Any, open_request: Any) -> None:
    request = open_request(dpo, german, "access")

    with pytest.raises(ValidationError) as refused:
        services.extend_deadline(request, "  ", actor=dpo)

    assert "reason" in refused.value.errors


def test_overdue_counts_open_requests_past_their_due_date(
    dpo: Any, german: Any, open_request: Any
) -> None:
    late = open_request(dpo, german, "access")
    done = open_request(dpo, german, "restriction")
    services.complete_request(done, actor=dpo)
    before_due = datetime(2026, 2, 15, 9, 29, tzinfo=UTC)
    after_due = datetime(2026, 2, 15, 9, 31, tzinfo=UTC)

    assert not late.is_overdue(before_due)
    assert late.is_overdue(after_due)
    assert list(DataSubjectRequest.objects.overdue(after_due)) == [late]
    assert list(DataSubjectRequest.objects.overdue(before_due)) == []
    assert before_due > RECEIVED
