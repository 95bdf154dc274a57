"""The audit chain check runs as a background task in a worker and stores what it found."""

import pytest

from orbis.audit.models import AuditEvent
from orbis.audit.services import record
from orbis.audit.tasks import verify_audit_chain
from orbis.kernel.actors import SystemActor
from orbis.kernel.tasks import TaskResultStatus, result_of
from orbis.kernel.tests.worker_process import start_worker

TESTS = SystemActor("tests")


def run_queued_tasks() -> str:
    worker = start_worker("--batch", "--interval", "0", worker_id="audit-test")
    output, _ = worker.communicate(timeout=120)
    assert worker.returncode == 0, output
    return output


@pytest.mark.django_db(transaction=True)
def test_the_task_reports_an_intact_chain() -> None:
    record("test.first", actor=TESTS)
    record("test.second", actor=TESTS)
    result = verify_audit_chain.enqueue()

    output = run_queued_tasks()

    stored = result_of(result.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL, output
    assert stored.return_value == {
        "ok": True,
        "checked": 2,
        "problems": [],
        "sealed_reads": 0,
        "unsealed_reads": 0,
    }


@pytest.mark.django_db(transaction=True)
def test_the_task_reports_an_edited_event() -> None:
    record("test.first", actor=TESTS)
    record("test.second", actor=TESTS)
    AuditEvent.objects.filter(seq=1).update(action="test.rewritten")
    result = verify_audit_chain.enqueue()

    run_queued_tasks()

    value = result_of(result.id).return_value
    assert value["ok"] is False
    assert "event #1: content does not match its hash (edited)" in value["problems"]


@pytest.mark.django_db
def test_a_failed_check_is_logged_as_an_error(caplog) -> None:
    record("test.first", actor=TESTS)
    verify_audit_chain.call()
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    AuditEvent.objects.filter(seq=1).update(action="test.rewritten")
    verify_audit_chain.call()
    (error,) = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "Audit chain check failed: 1 problem(s)" in error.getMessage()
    assert "event #1" in error.getMessage()
