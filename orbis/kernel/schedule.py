"""Periodic jobs: a registry that apps fill in AppConfig.ready(), and the loop that enqueues them.

Django's Tasks API and django-tasks-db have no periodic tasks, so Orbis keeps its own small
scheduler. Each registered job (a name, a task, and either an interval or a daily UTC time) has
a row in ScheduledJob with the moment it is next due. `orbis scheduler` (started by `orbis run`
next to the worker) wakes every few seconds and, in one transaction per pass, locks the due rows,
enqueues each job's task and moves its next_run_at forward. Row locks (FOR UPDATE SKIP LOCKED on
PostgreSQL) and SQLite's write-locking IMMEDIATE transactions make a due job enqueued exactly once
however many schedulers run; the task row and the new next_run_at commit together or not at all.

A job missed while no scheduler ran is enqueued once when one starts, not once per missed
period. A job seen for the first time is due at once: a new installation refreshes its exchange
rates and its planner statistics on first start instead of waiting a day.
"""

from __future__ import annotations

import datetime
import logging
import signal
import threading
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.tasks import Task
from django.utils import timezone

from .models import ScheduledJob

logger = logging.getLogger("orbis.kernel.schedule")


@dataclass(frozen=True)
class PeriodicJob:
    """A task to enqueue periodically: every `every`, or each day at `daily_at` (UTC)."""

    name: str
    task: Task[Any, Any]
    every: datetime.timedelta | None = None
    daily_at: datetime.time | None = None

    def __post_init__(self) -> None:
        if (self.every is None) == (self.daily_at is None):
            raise ValueError(f"Job {self.name!r}: give either `every` or `daily_at`, not both.")
        if self.every is not None and self.every <= datetime.timedelta(0):
            raise ValueError(f"Job {self.name!r}: the interval must be positive.")

    def next_after(self, moment: datetime.datetime) -> datetime.datetime:
        """The first time after `moment` at which the job is due again."""
        if self.every is not None:
            return moment + self.every
        assert self.daily_at is not None
        utc = moment.astimezone(datetime.UTC)
        at = self.daily_at.replace(tzinfo=None)
        candidate = datetime.datetime.combine(utc.date(), at, tzinfo=datetime.UTC)
        return candidate if candidate > utc else candidate + datetime.timedelta(days=1)


@dataclass
class Schedule:
    """Every periodic job of the running project, by name."""

    jobs: dict[str, PeriodicJob] = field(default_factory=dict)

    def register(
        self,
        name: str,
        task: Task[Any, Any],
        *,
        every: datetime.timedelta | None = None,
        daily_at: datetime.time | None = None,
    ) -> PeriodicJob:
        job = PeriodicJob(name, task, every=every, daily_at=daily_at)
        self.jobs[name] = job
        return job

    def unregister(self, name: str) -> None:
        self.jobs.pop(name, None)


schedule = Schedule()


def _ensure_rows(jobs: dict[str, PeriodicJob], now: datetime.datetime) -> None:
    """Give each job seen for the first time a row, due now; existing rows keep their times."""
    existing = set(ScheduledJob.objects.filter(name__in=jobs).values_list("name", flat=True))
    missing = [ScheduledJob(name=name, next_run_at=now) for name in jobs if name not in existing]
    if missing:
        # Two schedulers starting together may both try; the second insert is a no-op.
        ScheduledJob.objects.bulk_create(missing, ignore_conflicts=True)


def run_due_jobs(
    now: datetime.datetime | None = None, jobs: dict[str, PeriodicJob] | None = None
) -> list[str]:
    """Enqueue every due job once and move it to its next time; returns the names enqueued."""
    now = now or timezone.now()
    jobs = schedule.jobs if jobs is None else jobs
    if not jobs:
        return []
    _ensure_rows(jobs, now)
    enqueued = []
    with transaction.atomic():
        due = ScheduledJob.objects.filter(name__in=jobs, next_run_at__lte=now).order_by("name")
        # SQLite has no row locks (Django leaves FOR UPDATE out): its IMMEDIATE transaction
        # holds the write lock, so a second scheduler waits and then reads the new next_run_at.
        for row in due.select_for_update(skip_locked=True):
            job = jobs[row.name]
            result = job.task.enqueue()
            row.last_enqueued_at = now
            row.last_result_id = str(result.id)
            row.next_run_at = job.next_after(now)
            row.save(update_fields=["last_enqueued_at", "last_result_id", "next_run_at"])
            enqueued.append(row.name)
    for name in enqueued:
        logger.info("Enqueued periodic job %s", name)
    return enqueued


def seconds_until_next(now: datetime.datetime | None = None, ceiling: float = 30.0) -> float:
    """How long the loop may sleep: until the soonest job is due, at most `ceiling` seconds."""
    now = now or timezone.now()
    soonest = (
        ScheduledJob.objects.filter(name__in=schedule.jobs)
        .order_by("next_run_at")
        .values_list("next_run_at", flat=True)
        .first()
    )
    if soonest is None:
        return ceiling
    return max(0.0, min(ceiling, (soonest - now).total_seconds()))


def run_forever(tick: float = 30.0, stop: threading.Event | None = None) -> None:
    """The scheduler loop: enqueue due jobs, sleep until the next is due; SIGTERM ends it."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda _signum, _frame: stop.set())
    logger.info("Scheduler started with %s jobs: %s", len(schedule.jobs), ", ".join(schedule.jobs))
    while not stop.is_set():
        try:
            run_due_jobs()
            pause = seconds_until_next(ceiling=tick)
        except DatabaseError:
            # A database restart or a lost connection: try again on the next tick.
            logger.exception("Scheduler pass failed; retrying in %s s", tick)
            connection.close()
            pause = tick
        stop.wait(max(pause, 0.5))
    logger.info("Scheduler stopped")
