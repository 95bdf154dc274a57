"""Tasks for the scheduler tests: each only needs to be enqueued, never run."""

from django.tasks import task


@task()
def nightly_report() -> str:
    return "report"


@task()
def hourly_sync() -> str:
    return "sync"
