"""Background work: Django's Tasks API on the database queue (django_tasks_db) and its worker.

A task is a thin, importable wrapper around a service (`tasks.py` in each app). Services enqueue
with enqueue_on_commit() so a rolled-back write starts no work, and a worker (`orbis worker`,
started by `orbis run`) picks the task up from the table: tasks survive restarts, and on
PostgreSQL any number of workers share the queue (rows are claimed with FOR UPDATE SKIP LOCKED).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.tasks import Task, TaskResult, TaskResultStatus, default_task_backend, task

__all__ = ["TaskResultStatus", "enqueue_on_commit", "result_of"]


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Enqueue `task` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs), robust=False)


def result_of(result_id: str) -> TaskResult:
    """The stored state of a task enqueued earlier, by its id (status, return value, errors)."""
    return default_task_backend.get_result(result_id)


# --- the kernel's own upkeep, run periodically (kernel.schedule, registered in apps.py) --------


@task()
def refresh_planner_statistics() -> dict[str, Any]:
    """ANALYZE once a day, so the planner's row counts follow the data's growth."""
    from .maintenance import refresh_planner_statistics as analyze

    analyze()
    return {"ok": True}


@task()
def purge_idempotency_records() -> dict[str, Any]:
    """Drop stored Idempotency-Key responses past their useful life."""
    from .http import purge_idempotency_records as purge

    return {"ok": True, "deleted": purge()}


@task()
def reencrypt_personal_data(region: str | None = None, batch_size: int = 1000) -> dict[str, Any]:
    """`orbis keys rotate` in the background: re-seal what retired keys still seal."""
    from .key_rotation import reencrypt

    return {"reencrypted": reencrypt(region, batch_size)}
