"""Back-office edits through the Django admin are audited; contacts are not in it at all."""

from django.urls import reverse

from orbis.audit.models import AuditEvent


def test_admin_edit_of_a_region_is_audited(client, admin, regions):
    client.force_login(admin)
    region = regions["emea"]
    url = reverse("admin:localisation_region_change", args=[region.pk])
    response = client.post(url, {"code": "emea", "name": "Europe, Middle East & Africa"})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="admin.region_changed").get()
    assert event.target_id == str(region.pk) and event.actor_label == "admin"
    assert event.changes == {"fields": ["name"]}


def test_contacts_are_not_in_the_admin(client, admin, make_contact):
    # The admin neither scopes by region nor audits reads: a contact's page there would show
    # its personal data unrecorded (issue 12). Orbis's own pages do both.
    contact = make_contact(admin)
    client.force_login(admin)

    index = client.get("/admin/").content.decode()

    assert "/admin/customers/contact/" not in index
    assert client.get(f"/admin/customers/contact/{contact.pk}/change/").status_code == 404
