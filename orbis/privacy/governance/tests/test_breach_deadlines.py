"""Breach register: one deadline per affected jurisdiction from the rule packs, fixed times."""

from datetime import UTC, datetime

import pytest

from orbis.kernel.errors import PermissionDenied, ValidationError
from orbis.privacy.governance import reports, services
from orbis.privacy.governance.models import Breach

FRIDAY = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)


def _breach(dpo, countries=("DE", "FR", "BR", "US", "CN")):
    return services.record_breach(
        {
            "title": "Laptop stolen",
            "description": "Unencrypted export on a stolen laptop",
            "discovered_at": FRIDAY,
            "countries": list(countries),
            "data_categories": ["contact"],
            "approx_subjects": 1200,
        },
        actor=dpo,
    )


def test_deadlines_follow_each_affected_jurisdiction(dpo):
    breach = _breach(dpo)
    deadlines = {d.jurisdiction: d for d in reports.breach_deadlines(breach, FRIDAY)}
    assert set(deadlines) == {"eu_gdpr", "br_lgpd", "us_canspam", "cn_pipl"}
    assert deadlines["eu_gdpr"].countries == ("DE", "FR")
    # GDPR Art. 33(1): 72 hours, weekend included
    assert deadlines["eu_gdpr"].due == datetime(2025, 3, 17, 10, 0, tzinfo=UTC)
    # LGPD (ANPD Res. 15/2024): 3 business days, Friday -> Wednesday
    assert deadlines["br_lgpd"].due == datetime(2025, 3, 19, 10, 0, tzinfo=UTC)
    assert deadlines["cn_pipl"].due is None  # "immediately": no fixed period
    assert "33" in deadlines["eu_gdpr"].citation
    assert not any(d.overdue for d in deadlines.values())


def test_an_unnotified_deadline_becomes_overdue_and_a_notification_clears_it(dpo):
    breach = _breach(dpo, ["DE"])
    tuesday = datetime(2025, 3, 18, 9, 0, tzinfo=UTC)
    (gdpr,) = reports.breach_deadlines(breach, tuesday)
    assert gdpr.overdue
    assert reports.overdue_breaches(tuesday) == [breach]
    services.record_notification(
        breach,
        recipient="authority",
        jurisdiction="eu_gdpr",
        notified_at=datetime(2025, 3, 16, 8, 0, tzinfo=UTC),
        actor=dpo,
    )
    (gdpr,) = reports.breach_deadlines(breach, tuesday)
    assert not gdpr.overdue and not gdpr.late
    assert reports.overdue_breaches(tuesday) == []


def test_bad_input_is_refused_with_the_field_named(dpo, eu_rep):
    with pytest.raises(ValidationError) as refused:
        services.record_breach({"title": "", "countries": ["XX"], "description": "x"}, actor=dpo)
    assert {"title", "countries", "discovered_at"} <= set(refused.value.errors)
    with pytest.raises(PermissionDenied):
        _breach(eu_rep)
    breach = _breach(dpo, ["DE"])
    with pytest.raises(ValidationError) as refused:
        services.record_notification(
            breach, recipient="press", jurisdiction="nowhere", notified_at=FRIDAY, actor=dpo
        )
    assert {"recipient", "jurisdiction"} <= set(refused.value.errors)
    assert Breach.objects.count() == 1
