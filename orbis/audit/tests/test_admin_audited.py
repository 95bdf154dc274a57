"""Back-office edits through the Django admin are audited; contacts cannot be edited there."""

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


def test_contacts_are_read_only_in_the_admin(client, admin, make_contact):
    contact = make_contact(admin)
    client.force_login(admin)
    assert client.get(reverse("admin:customers_contact_add")).status_code == 403
    url = reverse("admin:customers_contact_change", args=[contact.pk])
    assert client.get(url).status_code == 200  # view only
    assert client.post(url, {"given_name": "X"}).status_code == 403
