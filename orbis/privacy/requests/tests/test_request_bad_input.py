"""Bad input to opening a request: clear refusals naming the field, nothing written."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from orbis.kernel.errors import NotFound, PermissionDenied, ValidationError
from orbis.privacy.requests import services
from orbis.privacy.requests.models import DataSubjectRequest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "deletion"}, "kind"),
        ({"channel": "pigeon"}, "channel"),
        ({"supplied": ["passport_number"]}, "supplied"),
        ({"received_at": timezone.now() + timedelta(days=1)}, "received_at"),
        ({"received_at": datetime(2026, 1, 1, 12, 0)}, "received_at"),
    ],
)
def test_refused_with_the_field_named(dpo: Any, german: Any, changes: dict, field: str) -> None:
    data: dict[str, Any] = {"kind": "access", "channel": "email"} | changes

    with pytest.raises(ValidationError) as refused:
        services.open_request(german.pk, **data, actor=dpo)

    assert field in refused.value.errors
    assert not DataSubjectRequest.objects.exists()


def test_unknown_contact_is_not_found(dpo: Any) -> None:
    with pytest.raises(NotFound):
        services.open_request("not-an-id", kind="access", channel="email", actor=dpo)


def test_a_sales_rep_may_not_open_requests(eu_rep: Any, german: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.open_request(german.pk, kind="access", channel="email", actor=eu_rep)
