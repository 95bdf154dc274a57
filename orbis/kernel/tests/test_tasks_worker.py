"""A real worker process picks up a queued task, runs it and stores its result."""

import pytest

from orbis.audit.services import record
from orbis.audit.tasks import verify_audit_chain
from orbis.kernel.tasks import TaskResultStatus, result_of

from .worker_process import start_worker


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_a_queued_task_and_stores_its_result() -> None:
    record("test.first")
    record("test.second")
    result = verify_audit_chain.enqueue()

    worker = start_worker("--batch", "--interval", "0", worker_id="worker-test")
    output, _ = worker.communicate(timeout=120)

    assert worker.returncode == 0, output
    stored = result_of(result.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL, output
    assert stored.return_value == {"ok": True, "checked": 2, "problems": []}
    assert stored.worker_ids == ["worker-test"]
