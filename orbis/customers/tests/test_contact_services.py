import pytest

from orbis.audit.models import AuditEvent
from orbis.customers import services
from orbis.customers.models import Contact
from orbis.kernel.errors import PermissionDenied, ValidationError


def test_create_contact_normalises_and_derives_region(eu_rep, make_contact):
    contact = make_contact(
        eu_rep,
        emails=[{"value": "Anna.Schmidt@Example.DE", "label": "work"}],
        phones=["030 1234567"],
        addresses=[
            {"street_address": "Unter den Linden 1", "city": "Berlin", "postal_code": "10117"}
        ],
        tags=["VIP", "Trade Show 2026"],
    )
    contact.refresh_from_db()
    assert contact.region.code == "emea"
    points = {(p.kind, p.value) for p in contact.points.all()}
    assert points == {("email", "anna.schmidt@example.de"), ("phone", "+49301234567")}
    assert contact.addresses[0]["country"] == "DE"
    assert sorted(contact.tags.values_list("name", flat=True)) == ["trade-show-2026", "vip"]
    assert "schmidt" in contact.search_document
    # Encrypted at rest: emails and numbers are found through blind indexes, not this text.
    assert "49301234567" not in contact.search_document
    assert "example.de" not in contact.search_document
    assert contact.sort_name == "schmidt anna"


def test_every_write_is_audited(eu_rep, make_contact):
    contact = make_contact(eu_rep)
    services.update_contact(
        contact, {"lifecycle_stage": "customer", "given_name": "Anne"}, actor=eu_rep
    )
    services.archive_contact(contact, actor=eu_rep)
    services.restore_contact(contact, actor=eu_rep)
    events = list(
        AuditEvent.objects.filter(target_id=str(contact.pk)).values_list("action", "changes")
    )
    actions = [a for a, _ in events]
    assert actions == [
        "customers.contact_created",
        "customers.contact_updated",
        "customers.contact_archived",
        "customers.contact_restored",
    ]
    changes = events[1][1]
    assert changes["lifecycle_stage"] == {"from": "lead", "to": "customer"}
    assert changes["given_name"] == "changed"  # personal data: named, never copied into the trail


def test_bad_input_names_every_field_and_writes_nothing(eu_rep):
    with pytest.raises(ValidationError) as caught:
        services.create_contact(
            {
                "given_name": "Anna",
                "country": "DE",
                "emails": ["not-an-email"],
                "phones": ["12"],
                "addresses": [{"street_address": "X 1", "city": "Berlin", "postal_code": "ABC"}],
                "lifecycle_stage": "king",
                "custom_fields": {"nope": 1},
                "favourite_colour": "red",
            },
            actor=eu_rep,
        )
    fields = set(caught.value.errors)
    assert {
        "emails.0.value",
        "phones.0.value",
        "addresses.0.postal_code",
        "lifecycle_stage",
        "custom_fields.nope",
        "favourite_colour",
    } <= fields
    assert Contact.objects.count() == 0
    assert not AuditEvent.objects.filter(action="customers.contact_created").exists()


def test_unknown_country_is_refused(eu_rep):
    with pytest.raises(ValidationError) as caught:
        services.create_contact({"family_name": "X", "country": "XX"}, actor=eu_rep)
    assert "country" in caught.value.errors


def test_rep_cannot_create_in_a_region_outside_their_roles(eu_rep):
    with pytest.raises(ValidationError) as caught:
        services.create_contact({"family_name": "Smith", "country": "US"}, actor=eu_rep)
    assert "region" in caught.value.errors
    assert Contact.objects.count() == 0


def test_read_only_agent_cannot_write(apac_agent, admin, make_contact):
    contact = make_contact(admin, country="JP", given_name="太郎", family_name="山田")
    with pytest.raises(PermissionDenied):
        services.update_contact(contact, {"given_name": "次郎"}, actor=apac_agent)


def test_custom_fields_validated_against_definitions(admin, make_contact):
    services.define_custom_field(
        "contact", "tier", "Tier", "choice", choices=["gold", "silver"], actor=admin
    )
    services.define_custom_field("contact", "seats", "Seats", "integer", actor=admin)
    contact = make_contact(admin, custom_fields={"tier": "gold", "seats": "12"})
    assert contact.custom_fields == {"tier": "gold", "seats": 12}
    with pytest.raises(ValidationError) as caught:
        services.update_contact(
            contact, {"custom_fields": {"tier": "bronze", "seats": "many"}}, actor=admin
        )
    assert set(caught.value.errors) == {"custom_fields.tier", "custom_fields.seats"}
    services.update_contact(contact, {"custom_fields": {"seats": None}}, actor=admin)
    contact.refresh_from_db()
    assert contact.custom_fields == {"tier": "gold"}


def test_employment_links_contact_to_company_and_search(eu_rep, make_contact, make_company):
    company = make_company(eu_rep, name="Brauerei Köln")
    contact = make_contact(eu_rep, companies=[{"company": str(company.pk), "title": "CFO"}])
    assert contact.employments.get().title == "CFO"
    assert "brauerei köln" in Contact.objects.get(pk=contact.pk).search_document
    services.update_company(company, {"name": "Brauhaus Köln"}, actor=eu_rep)
    assert "brauhaus köln" in Contact.objects.get(pk=contact.pk).search_document
