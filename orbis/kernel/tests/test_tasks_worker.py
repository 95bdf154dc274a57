"""A real worker process picks up a queued task, runs it and stores its result."""

import os

import pytest

from orbis.kernel.tasks import TaskResultStatus, result_of

from .sample_tasks import take_a_moment
from .worker_process import start_worker


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_a_queued_task_and_stores_its_result() -> None:
    result = take_a_moment.enqueue(42)

    worker = start_worker("--batch", "--interval", "0", worker_id="worker-test")
    output, _ = worker.communicate(timeout=120)

    assert worker.returncode == 0, output
    stored = result_of(result.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL, output
    assert stored.return_value["number"] == 42
    assert stored.return_value["pid"] not in {os.getpid(), None}
    assert stored.worker_ids == ["worker-test"]
