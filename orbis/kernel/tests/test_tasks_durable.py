"""An enqueued task is a row in the database: it outlives the connection and waits for a worker."""

import pytest
from django.db import connection

from orbis.kernel.tasks import TaskResultStatus, result_of

from .sample_tasks import take_a_moment


@pytest.mark.django_db(transaction=True)
def test_an_enqueued_task_is_stored_until_a_worker_runs_it() -> None:
    result = take_a_moment.enqueue(7)

    # A fresh connection, as after a restart of the web process: the task is still queued.
    connection.close()
    stored = result_of(result.id)

    assert stored.status == TaskResultStatus.READY
    assert stored.task.module_path == "orbis.kernel.tests.sample_tasks.take_a_moment"
    assert stored.args == [7]
    assert stored.finished_at is None
