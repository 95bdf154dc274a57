"""Privacy pages need privacy.view, changes their manage permission; reads are audited."""

from orbis.audit.models import ReadEvent
from orbis.audit.reads import seal_reads
from orbis.audit.services import verify
from orbis.customers.tests.api_client import ApiClient
from orbis.kernel.actors import SystemActor
from orbis.privacy.governance.models import Breach

SETUP = SystemActor("test-setup")  # builds fixtures through the services

PAGES = ["/privacy/", "/privacy/retention/", "/privacy/transfers/", "/privacy/processing/",
         "/privacy/breaches/", "/privacy/refusals/"]  # fmt: skip


def test_pages_need_privacy_view(client, dpo, eu_rep):
    client.force_login(eu_rep)
    assert all(client.get(p).status_code == 403 for p in PAGES)
    assert b"/privacy/" not in client.get("/contacts/").content  # no nav link without it
    client.force_login(dpo)
    assert all(client.get(p).status_code == 200 for p in PAGES)
    assert b'href="/privacy/"' in client.get("/contacts/").content


def test_changes_need_their_permission(client, dpo, regions):
    from orbis.identity import services as identity_services

    role = identity_services.create_role("Auditor", ["privacy.view"], all_regions=True, actor=SETUP)
    viewer = identity_services.create_user(
        "viewer", "correct horse battery staple", roles=[role], actor=SETUP
    )
    client.force_login(viewer)
    assert client.post("/privacy/retention/run/").status_code == 403
    assert client.post("/privacy/transfers/policy/", {"defaults": "1"}).status_code == 403
    form = {"title": "t", "description": "d", "discovered_at": "2025-03-14T10:00",
            "countries": "DE"}  # fmt: skip
    assert client.post("/privacy/breaches/", form).status_code == 403
    client.force_login(dpo)
    response = client.post("/privacy/breaches/", form)
    assert response.status_code == 302
    assert Breach.objects.get().countries == ["DE"]
    page = client.get(response["Location"])
    assert b"eu_gdpr" in page.content


def test_reads_of_contacts_are_audited_and_sealed(client, eu_rep, make_contact, token_for):
    contact = make_contact(eu_rep)
    client.force_login(eu_rep)
    client.get(f"/contacts/{contact.pk}/")
    client.get("/contacts/")
    client.get("/contacts/?q=schmidt")
    api = ApiClient(token_for(eu_rep))
    api.get(f"contacts/{contact.pk}")
    api.get("contacts")
    channels = list(ReadEvent.objects.order_by("seq").values_list("channel", flat=True))
    assert channels == ["page", "list", "search", "api", "api_list"]
    assert all(e.target_ids == [str(contact.pk)] for e in ReadEvent.objects.all())
    assert all(e.actor_label == "eu_rep" for e in ReadEvent.objects.all())
    assert "Schmidt" not in str(list(ReadEvent.objects.values()))
    seal_reads()
    assert verify().ok
    ReadEvent.objects.filter(channel="api").update(target_ids=["another"])
    assert not verify().ok
