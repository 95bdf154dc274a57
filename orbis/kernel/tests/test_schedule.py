"""The periodic scheduler enqueues a due job exactly once and moves it to its next time."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from orbis.kernel.models import ScheduledJob
from orbis.kernel.schedule import PeriodicJob, run_due_jobs, schedule

from .schedule_tasks import hourly_sync, nightly_report

NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def jobs(*items: PeriodicJob) -> dict[str, PeriodicJob]:
    return {job.name: job for job in items}


NIGHTLY = PeriodicJob("test.nightly", nightly_report, daily_at=datetime.time(3, 0))
HOURLY = PeriodicJob("test.hourly", hourly_sync, every=HOUR)


def enqueued(task) -> int:
    return DBTaskResult.objects.filter(task_path=task.module_path).count()


@pytest.mark.django_db
def test_a_job_seen_first_is_due_at_once_then_moves_on() -> None:
    assert run_due_jobs(NOW, jobs(NIGHTLY, HOURLY)) == ["test.hourly", "test.nightly"]

    nightly = ScheduledJob.objects.get(name="test.nightly")
    hourly = ScheduledJob.objects.get(name="test.hourly")
    assert nightly.next_run_at == datetime.datetime(2026, 11, 24, 3, 0, tzinfo=datetime.UTC)
    assert hourly.next_run_at == NOW + HOUR
    assert hourly.last_enqueued_at == NOW
    assert DBTaskResult.objects.filter(id=hourly.last_result_id).exists()
    assert enqueued(nightly_report) == 1 and enqueued(hourly_sync) == 1


@pytest.mark.django_db
def test_a_job_not_yet_due_is_not_enqueued() -> None:
    ScheduledJob.objects.create(
        name="test.nightly", next_run_at=NOW + datetime.timedelta(minutes=1)
    )
    ScheduledJob.objects.create(name="test.hourly", next_run_at=NOW)

    assert run_due_jobs(NOW, jobs(NIGHTLY, HOURLY)) == ["test.hourly"]
    assert enqueued(nightly_report) == 0 and enqueued(hourly_sync) == 1
    assert ScheduledJob.objects.get(name="test.nightly").next_run_at == NOW + datetime.timedelta(
        minutes=1
    )


@pytest.mark.django_db
def test_a_long_outage_enqueues_a_missed_job_once_not_once_per_period() -> None:
    ScheduledJob.objects.create(name="test.hourly", next_run_at=NOW - 30 * HOUR)

    run_due_jobs(NOW, jobs(HOURLY))
    run_due_jobs(NOW + datetime.timedelta(minutes=5), jobs(HOURLY))

    assert enqueued(hourly_sync) == 1
    assert ScheduledJob.objects.get(name="test.hourly").next_run_at == NOW + HOUR


def test_daily_times_are_utc_and_roll_to_the_next_day() -> None:
    before = datetime.datetime(2026, 11, 23, 2, 59, tzinfo=datetime.UTC)
    tokyo_noon = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.timezone(HOUR * 9))

    assert NIGHTLY.next_after(before) == datetime.datetime(2026, 11, 23, 3, 0, tzinfo=datetime.UTC)
    assert NIGHTLY.next_after(tokyo_noon) == datetime.datetime(
        2026, 11, 24, 3, 0, tzinfo=datetime.UTC
    )


def test_a_job_needs_exactly_one_kind_of_period() -> None:
    with pytest.raises(ValueError, match="either"):
        PeriodicJob("bad", hourly_sync)
    with pytest.raises(ValueError, match="either"):
        PeriodicJob("bad", hourly_sync, every=HOUR, daily_at=datetime.time(1))


def test_the_apps_register_their_jobs() -> None:
    assert "localisation.refresh_exchange_rates" in schedule.jobs
    assert "kernel.refresh_planner_statistics" in schedule.jobs
    assert "kernel.purge_idempotency_records" in schedule.jobs
    assert schedule.jobs["audit.verify_chain"].daily_at == datetime.time(4, 0)


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_enqueue_each_due_job_exactly_once() -> None:
    many = jobs(
        *(PeriodicJob(f"test.job{i:02}", hourly_sync, every=HOUR) for i in range(20)),
    )
    ScheduledJob.objects.bulk_create(ScheduledJob(name=name, next_run_at=NOW) for name in many)
    start = threading.Barrier(2)
    claimed: dict[str, list[str]] = {}
    failures: list[BaseException] = []

    def scheduler(label: str) -> None:
        try:
            start.wait(timeout=30)
            claimed[label] = run_due_jobs(NOW, many)
        except BaseException as exc:  # reported below, not lost in the thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures, failures
    assert sorted(claimed["a"] + claimed["b"]) == sorted(many)
    assert enqueued(hourly_sync) == 20
    assert set(ScheduledJob.objects.values_list("next_run_at", flat=True)) == {NOW + HOUR}
