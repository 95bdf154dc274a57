"""Retention: the preview changes nothing; a run anonymises or erases exactly what it showed."""

import datetime

from django.utils import timezone

from orbis.audit.models import AuditEvent
from orbis.customers.models import Contact
from orbis.privacy.governance import querysets, services
from orbis.privacy.governance.models import RetentionRun


def _age(contact, months):
    then = timezone.now() - datetime.timedelta(days=31 * months)
    Contact.objects.filter(pk=contact.pk).update(updated_at=then)


def _policies(dpo):
    lead = services.create_retention_policy(
        {
            "name": "Cold leads",
            "record_type": "inactive_lead",
            "months": 24,
            "action": "anonymise",
            "country": "DE",
        },
        actor=dpo,
    )
    archived = services.create_retention_policy(
        {"name": "Archived", "record_type": "archived_contact", "months": 36, "action": "erase"},
        actor=dpo,
    )
    return lead, archived


def test_preview_then_run(eu_rep, us_rep, dpo, make_contact):
    lead, archived = _policies(dpo)
    cold = make_contact(eu_rep, family_name="Kalt", lifecycle_stage="lead")
    warm = make_contact(eu_rep, family_name="Warm", lifecycle_stage="lead")
    customer = make_contact(eu_rep, family_name="Kunde", lifecycle_stage="customer")
    american = make_contact(us_rep, family_name="Cold", country="US", lifecycle_stage="lead")
    old = make_contact(us_rep, family_name="Gone", country="US")
    for contact in (cold, customer, american):
        _age(contact, 30)
    Contact.objects.filter(pk=old.pk).update(
        archived_at=timezone.now() - datetime.timedelta(days=31 * 40)
    )
    _ = warm

    preview = {p.policy.pk: p for p in querysets.preview(dpo)}
    assert preview[lead.pk].count == 1 and preview[lead.pk].sample == [cold]
    assert preview[archived.pk].count == 1
    assert Contact.objects.get(pk=cold.pk).family_name == "Kalt"  # dry run: nothing changed
    assert not RetentionRun.objects.exists()

    runs = {r.policy_id: r for r in services.apply_retention(actor=dpo)}
    assert runs[lead.pk].count == 1 and runs[archived.pk].count == 1
    anonymised = Contact.objects.get(pk=cold.pk)
    assert anonymised.family_name.startswith("Erased") and anonymised.given_name == ""
    assert not Contact.objects.filter(pk=old.pk).exists()  # erase: the row is gone
    assert Contact.objects.get(pk=customer.pk).family_name == "Kunde"
    assert Contact.objects.get(pk=american.pk).family_name == "Cold"  # DE-only policy
    applied = AuditEvent.objects.filter(action="privacy.retention_applied")
    assert sorted(e.changes["count"] for e in applied) == [1, 1]
    # a disposed record is not taken again
    assert all(p.count == 0 for p in querysets.preview(dpo))
    assert [r.count for r in services.apply_retention(actor=dpo)] == [0, 0]


def test_only_policy_managers_run_or_create(eu_rep, dpo):
    import pytest

    from orbis.kernel.errors import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        services.apply_retention(actor=eu_rep)
    with pytest.raises(ValidationError) as refused:
        services.create_retention_policy({"name": "", "months": 0, "country": "ZZ"}, actor=dpo)
    assert {"name", "months", "country", "record_type", "action"} <= set(refused.value.errors)
