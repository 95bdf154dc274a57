"""Rule packs: which pack a contact falls under, and their deadlines with fixed times."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from orbis.privacy import jurisdictions
from orbis.privacy.jurisdictions import CHANNELS, PURPOSES, for_contact, for_country

# Friday 31 January 2025, 10:00 UTC: a month end, a Friday, and the Chinese New Year holidays.
RECEIVED = datetime(2025, 1, 31, 10, 0, tzinfo=UTC)


def contact(country: str, area: str = "", address_country: str = "") -> SimpleNamespace:
    addresses = [{"country": address_country or country, "country_area": area}] if area else []
    return SimpleNamespace(country=country, addresses=addresses)


@pytest.mark.parametrize(
    ("who", "code"),
    [
        (contact("DE"), "eu_gdpr"),
        (contact("NO"), "eu_gdpr"),
        (contact("GB"), "uk_gdpr"),
        (contact("US", "CA"), "us_ca_ccpa"),
        (contact("US", "NY"), "us_canspam"),
        (contact("US"), "us_canspam"),
        (contact("US", "CA", address_country="CA"), "us_canspam"),  # address abroad: not a state
        (contact("CA", "QC"), "ca_casl"),
        (contact("BR"), "br_lgpd"),
        (contact("CN"), "cn_pipl"),
        (contact("JP"), "jp_appi"),
        (contact("SG"), "sg_pdpa"),
        (contact("IN"), "in_dpdp"),
        (contact("ZA"), "default"),
        (contact(""), "default"),
    ],
)
def test_for_contact(who: SimpleNamespace, code: str) -> None:
    assert for_contact(who).code == code


def test_for_country_accepts_iso_3166_2_subdivision() -> None:
    assert for_country("us", "US-CA").code == "us_ca_ccpa"


def test_every_pack_has_a_cited_rule_for_every_purpose_and_channel() -> None:
    packs = jurisdictions.all_packs()
    assert [p.code for p in packs][-1] == "default"
    assert len(packs) == 11
    for pack in packs:
        assert pack.version and pack.dsr_citation and pack.breach_citation
        assert pack.transfer.citation
        for purpose in PURPOSES:
            for channel in CHANNELS:
                rule = pack.consent_rule(purpose, channel)
                assert rule.model in jurisdictions.MODELS
                assert rule.citation


def test_included_pack_fills_rules_and_keeps_its_citation() -> None:
    ccpa = jurisdictions.get_pack("us_ca_ccpa")
    email = ccpa.consent_rule("marketing", "email")
    assert (email.model, email.pack) == ("opt_out", "us_canspam")
    assert "15 U.S.C. 7704" in email.citation
    sale = ccpa.consent_rule("sale_sharing", "email")
    assert (sale.model, sale.pack) == ("opt_out", "us_ca_ccpa")
    assert "7025" in sale.citation


def test_unknown_purpose_or_channel_is_a_key_error() -> None:
    pack = for_country("DE")
    with pytest.raises(KeyError):
        pack.consent_rule("marketing", "pigeon")
    with pytest.raises(KeyError):
        pack.consent_rule("astrology", "email")


@pytest.mark.parametrize(
    ("code", "due", "extended", "breach"),
    [
        # GDPR Art. 12(3): one month, or three in all; the month ends on the last day of February.
        (
            "eu_gdpr",
            datetime(2025, 2, 28, 10, tzinfo=UTC),
            datetime(2025, 4, 30, 10, tzinfo=UTC),
            datetime(2025, 2, 3, 10, tzinfo=UTC),
        ),
        (
            "uk_gdpr",
            datetime(2025, 2, 28, 10, tzinfo=UTC),
            datetime(2025, 4, 30, 10, tzinfo=UTC),
            datetime(2025, 2, 3, 10, tzinfo=UTC),
        ),
        # CCPA 45 + 45 calendar days; no fixed breach period.
        (
            "us_ca_ccpa",
            datetime(2025, 3, 17, 10, tzinfo=UTC),
            datetime(2025, 5, 1, 10, tzinfo=UTC),
            None,
        ),
        (
            "us_canspam",
            datetime(2025, 3, 17, 10, tzinfo=UTC),
            datetime(2025, 5, 1, 10, tzinfo=UTC),
            None,
        ),
        # PIPEDA 30 + 30.
        (
            "ca_casl",
            datetime(2025, 3, 2, 10, tzinfo=UTC),
            datetime(2025, 4, 1, 10, tzinfo=UTC),
            None,
        ),
        # LGPD 15 days; breach 3 business days: Fri 31 Jan -> Mon, Tue, Wed 5 Feb.
        (
            "br_lgpd",
            datetime(2025, 2, 15, 10, tzinfo=UTC),
            datetime(2025, 2, 15, 10, tzinfo=UTC),
            datetime(2025, 2, 5, 10, tzinfo=UTC),
        ),
        # PDPA: breach 3 calendar days.
        (
            "sg_pdpa",
            datetime(2025, 3, 2, 10, tzinfo=UTC),
            datetime(2025, 3, 2, 10, tzinfo=UTC),
            datetime(2025, 2, 3, 10, tzinfo=UTC),
        ),
        (
            "jp_appi",
            datetime(2025, 2, 14, 10, tzinfo=UTC),
            datetime(2025, 2, 14, 10, tzinfo=UTC),
            datetime(2025, 2, 3, 10, tzinfo=UTC),
        ),
        (
            "in_dpdp",
            datetime(2025, 5, 1, 10, tzinfo=UTC),
            datetime(2025, 5, 1, 10, tzinfo=UTC),
            datetime(2025, 2, 3, 10, tzinfo=UTC),
        ),
        (
            "default",
            datetime(2025, 3, 2, 10, tzinfo=UTC),
            datetime(2025, 3, 2, 10, tzinfo=UTC),
            datetime(2025, 2, 3, 10, tzinfo=UTC),
        ),
    ],
)
def test_deadlines(code: str, due: datetime, extended: datetime, breach: datetime | None) -> None:
    pack = jurisdictions.get_pack(code)
    assert pack.dsr_due(RECEIVED) == due
    assert pack.dsr_extended_due(RECEIVED) == extended
    assert pack.breach_due(RECEIVED) == breach


def test_lgpd_business_days_skip_holidays_and_weekend() -> None:
    # Thursday 17 April 2025 in Sao Paulo; Good Friday (18) and Tiradentes (Monday 21) are
    # national holidays, so the three business days are 22, 23 and 24 April.
    pack = jurisdictions.get_pack("br_lgpd")
    detected = datetime(2025, 4, 17, 9, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))
    due = pack.breach_due(detected)
    assert due == datetime(2025, 4, 24, 9, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))


def test_pipl_working_days_skip_spring_festival() -> None:
    # Received Friday 24 January 2025; the Spring Festival holiday runs 28 Jan - 4 Feb.
    pack = jurisdictions.get_pack("cn_pipl")
    due = pack.dsr_due(datetime(2025, 1, 24, 2, 0, tzinfo=UTC))
    local = due.astimezone(ZoneInfo("Asia/Shanghai")).date()
    assert local > datetime(2025, 2, 14).date()  # 15 working days would be 14 Feb without holidays


def test_casl_implied_expiry() -> None:
    pack = jurisdictions.get_pack("ca_casl")
    bought = datetime(2024, 2, 29, 12, tzinfo=UTC)
    assert pack.implied_expiry("purchase", bought) == datetime(2026, 2, 28, 12, tzinfo=UTC)
    asked = datetime(2025, 8, 31, 12, tzinfo=UTC)
    assert pack.implied_expiry("inquiry", asked) == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert for_country("DE").implied_expiry("purchase", bought) is None


def test_naive_datetime_refused() -> None:
    with pytest.raises(ValueError):
        for_country("DE").dsr_due(datetime(2025, 1, 1))


def test_transfer_rules() -> None:
    assert for_country("CN").transfer.separate_consent
    assert for_country("CN").transfer.assessment
    gdpr = for_country("FR").transfer
    assert gdpr.is_adequate("JP") and not gdpr.is_adequate("CN")
    assert "Data Privacy Framework" in gdpr.conditional["US"]
