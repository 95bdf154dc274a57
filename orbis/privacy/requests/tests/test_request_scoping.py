"""A privacy officer of one region neither opens nor sees requests of another region's people."""

from __future__ import annotations

from typing import Any

import pytest

from orbis.audit.models import AuditEvent
from orbis.kernel.errors import NotFound
from orbis.privacy.requests import querysets, services
from orbis.privacy.requests.models import DataSubjectRequest

pytestmark = pytest.mark.django_db


def test_eu_officer_cannot_open_a_request_for_a_us_contact(
    eu_privacy: Any, californian: Any
) -> None:
    with pytest.raises(NotFound):
        services.open_request(californian.pk, kind="erasure", channel="email", actor=eu_privacy)

    assert not DataSubjectRequest.objects.exists()
    refusal = AuditEvent.objects.get(action="privacy_requests.request_refused")
    assert refusal.actor_label == "eu_privacy"
    assert refusal.changes["contact_id"] == str(californian.pk)


def test_eu_officer_does_not_see_us_requests(
    eu_privacy: Any, dpo: Any, californian: Any, german: Any, open_request: Any
) -> None:
    us_request = open_request(dpo, californian, "access")
    eu_request = open_request(eu_privacy, german, "access")

    assert list(DataSubjectRequest.objects.visible_to(eu_privacy)) == [eu_request]
    with pytest.raises(NotFound):
        querysets.access_request(eu_privacy, us_request.pk)
    assert AuditEvent.objects.filter(action="privacy_requests.access_refused").count() == 1
    assert set(DataSubjectRequest.objects.visible_to(dpo)) == {us_request, eu_request}


def test_sales_rep_sees_no_requests(eu_rep: Any, dpo: Any, german: Any, open_request: Any) -> None:
    open_request(dpo, german, "access")

    assert not DataSubjectRequest.objects.visible_to(eu_rep).exists()
