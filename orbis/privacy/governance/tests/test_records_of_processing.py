"""The record of processing is built from the registry's handlers and the documented activities."""

import csv
import io
import json

from orbis.kernel.registry import registry
from orbis.privacy.governance import reports, services


def test_every_declared_purpose_and_field_is_listed(dpo, regions):
    services.save_processing_activity(
        "marketing",
        {"name": "Newsletters", "lawful_basis": "consent", "data_subjects": "Prospects"},
        actor=dpo,
    )
    services.set_policy(regions["emea"], regions["na"], allowed=True, mechanism="scc", actor=dpo)
    records = {r["purpose"]: r for r in reports.records_of_processing()}
    declared = {p for h in registry.personal_data_handlers.values() for p in h.purposes}
    assert set(records) == declared and "marketing" in records
    marketing = records["marketing"]
    assert marketing["documented"] and marketing["lawful_basis"] == "consent"
    fields = {f for names in marketing["data_categories"].values() for f in names}
    customers = registry.personal_data_handlers["customers"]
    assert set(customers.fields) <= fields
    assert any("na -> emea" in t for t in marketing["transfers"])
    assert not records["sales"]["documented"]


def test_page_and_downloads(dpo, eu_rep, client):
    client.force_login(dpo)
    page = client.get("/privacy/processing/")
    assert page.status_code == 200 and b"Given name" in page.content  # the field's name
    data = json.loads(client.get("/privacy/processing/?format=json").content)
    assert {r["purpose"] for r in data["records"]} >= {"marketing"}
    rows = list(
        csv.reader(io.StringIO(client.get("/privacy/processing/?format=csv").content.decode()))
    )
    assert rows[0][0] == "purpose" and len(rows) == len(data["records"]) + 1
    client.force_login(eu_rep)
    assert client.get("/privacy/processing/").status_code == 403
