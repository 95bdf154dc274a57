"""Several worker processes share one queue: each task runs once, and all of them work.

On PostgreSQL workers claim with SELECT ... FOR UPDATE SKIP LOCKED and may sit on many
machines; on SQLite they claim inside IMMEDIATE (write-locking) transactions on one machine.
"""

import threading
import time
from collections import Counter
from subprocess import Popen

import pytest
from django_tasks_db.models import DBTaskResult

from orbis.kernel.tasks import TaskResultStatus

from .sample_tasks import take_a_moment
from .worker_process import start_worker

TASKS = 40


def _collect(process: Popen[str], lines: list[str]) -> None:
    assert process.stdout is not None
    lines.extend(iter(process.stdout.readline, ""))


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_the_queue_and_run_each_task_once() -> None:
    workers = {name: start_worker("--interval", "0.05", worker_id=name) for name in ("w1", "w2")}
    logs: dict[str, list[str]] = {name: [] for name in workers}
    readers = [
        threading.Thread(target=_collect, args=(process, logs[name]), daemon=True)
        for name, process in workers.items()
    ]
    for reader in readers:
        reader.start()
    try:
        deadline = time.monotonic() + 60
        # Both workers must be polling before the work arrives, or one could take it all.
        while not all(any("Starting worker" in line for line in log) for log in logs.values()):
            assert time.monotonic() < deadline, logs
            assert all(p.poll() is None for p in workers.values()), logs
            time.sleep(0.05)

        ids = {str(take_a_moment.enqueue(number).id): number for number in range(TASKS)}

        while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
            assert time.monotonic() < deadline, logs
            time.sleep(0.1)
    finally:
        for process in workers.values():
            process.terminate()
        for process in workers.values():
            process.wait(timeout=30)

    results = list(DBTaskResult.objects.filter(id__in=list(ids)))
    assert len(results) == TASKS
    assert all(r.status == TaskResultStatus.SUCCESSFUL for r in results), logs
    assert all(len(r.worker_ids) == 1 for r in results)  # claimed once, never re-run
    assert sorted((r.return_value or {})["number"] for r in results) == list(range(TASKS))
    per_worker = Counter(r.worker_ids[0] for r in results)
    assert set(per_worker) == {"w1", "w2"}, per_worker
