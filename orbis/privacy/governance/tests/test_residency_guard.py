"""Residency: access across regions needs a policy naming its mechanism; refusals are logged."""

from typing import Any

import pytest

from orbis.audit.models import AuditEvent
from orbis.customers.models import Contact
from orbis.customers.tests.api_client import ApiClient
from orbis.kernel.actors import SystemActor
from orbis.kernel.errors import ValidationError
from orbis.privacy.governance import services
from orbis.privacy.governance.models import ResidencyPolicy, TransferLog

SETUP = SystemActor("test-setup")


def _contacts(global_rep: Any, make_contact: Any) -> tuple[Any, Any, Any]:
    # Made by the system: the guard keeps global_rep from writing outside EMEA as well.
    de = make_contact(SETUP, family_name="Weber", country="DE")
    us = make_contact(SETUP, family_name="Smith", country="US")
    cn = make_contact(SETUP, family_name="Wang", country="CN")
    return de, us, cn


def test_the_guard_refuses_writes_into_a_refused_region_too(global_rep, make_contact):
    # The role grants every region; without a policy, residency refuses all but EMEA.
    make_contact(global_rep, family_name="Weber", country="DE")
    with pytest.raises(ValidationError) as refused:
        make_contact(global_rep, family_name="Smith", country="US")
    assert "region" in refused.value.errors


def _fresh(user: Any) -> Any:
    return type(user).objects.get(pk=user.pk)  # grants and guard answers are kept per object


def test_without_a_policy_other_regions_are_refused(global_rep, make_contact, client):
    de, us, _cn = _contacts(global_rep, make_contact)
    user = _fresh(global_rep)
    assert set(Contact.objects.visible_to(user)) == {de}
    client.force_login(global_rep)
    assert client.get(f"/contacts/{us.pk}/").status_code == 404
    refusal = AuditEvent.objects.filter(action="identity.access_refused").get()
    assert refusal.changes["target_id"] == str(us.pk)
    assert refusal.changes["target_type"] == "customers.contact"
    assert "emea -> na" in refusal.changes["reason"]
    assert "Smith" not in str(refusal.changes)


def test_the_api_refuses_and_logs_too(global_rep, make_contact, token_for):
    _, us, _ = _contacts(global_rep, make_contact)
    api = ApiClient(token_for(global_rep))
    assert api.get(f"contacts/{us.pk}").status_code == 404
    assert AuditEvent.objects.filter(
        action="identity.access_refused", changes__target_id=str(us.pk)
    ).exists()
    ids = {item["id"] for item in api.get("contacts").json()["items"]}
    assert str(us.pk) not in ids


def test_a_policy_allows_and_the_access_is_in_the_transfer_log(
    global_rep, make_contact, regions, dpo, token_for
):
    de, us, _cn = _contacts(global_rep, make_contact)
    services.set_policy(regions["emea"], regions["na"], allowed=True, mechanism="scc", actor=dpo)
    api = ApiClient(token_for(global_rep))
    assert api.get(f"contacts/{us.pk}").status_code == 200
    assert api.get(f"contacts/{de.pk}").status_code == 200  # same region: no transfer
    entry = TransferLog.objects.get()
    assert (entry.from_region, entry.to_region, entry.mechanism) == ("na", "emea", "scc")
    assert entry.target_ids == [str(us.pk)] and entry.channel == "api"
    assert entry.actor_label == "global_rep"
    listed = {item["id"] for item in api.get("contacts").json()["items"]}
    assert listed == {str(de.pk), str(us.pk)}
    assert TransferLog.objects.filter(channel="api_list", target_ids=[str(us.pk)]).exists()


def test_users_without_a_team_are_not_restricted(us_rep, dpo, make_contact, client):
    contact = make_contact(us_rep, country="US")
    client.force_login(dpo)
    assert client.get(f"/contacts/{contact.pk}/").status_code == 200
    assert not TransferLog.objects.exists()


def test_defaults_refuse_greater_china_until_its_mechanism_is_recorded(global_rep, dpo, regions):
    added = services.ensure_default_policies(actor=dpo)
    assert added == 5 * 4
    gc_out = ResidencyPolicy.objects.get(user_region=regions["emea"], data_region=regions["gc"])
    assert not gc_out.allowed and gc_out.mechanism == "pipl_contract"
    assert ResidencyPolicy.objects.get(
        user_region=regions["emea"], data_region=regions["na"]
    ).allowed
    with pytest.raises(ValidationError) as refused:
        services.set_policy(
            regions["emea"], regions["gc"], allowed=True, mechanism="pipl_contract", actor=dpo
        )
    assert "reference" in refused.value.errors
    services.set_policy(
        regions["emea"],
        regions["gc"],
        allowed=True,
        mechanism="pipl_contract",
        reference="CAC filing 2025-001; PIIA 2025-02",
        actor=dpo,
    )
    assert services.ensure_default_policies(actor=dpo) == 0


def test_allowing_needs_a_mechanism_and_the_permission(eu_rep, dpo, regions):
    with pytest.raises(ValidationError) as refused:
        services.set_policy(regions["emea"], regions["na"], allowed=True, actor=dpo)
    assert "mechanism" in refused.value.errors
    from orbis.kernel.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.set_policy(
            regions["emea"], regions["na"], allowed=True, mechanism="scc", actor=eu_rep
        )
