"""manage.py scheduler (`orbis scheduler`): enqueue the periodic jobs when they are due."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from orbis.kernel.schedule import run_due_jobs, run_forever, schedule


class Command(BaseCommand):
    help = (
        "Run the periodic scheduler: enqueue each registered job when it is due, exactly once "
        "however many schedulers run. A worker (orbis worker) runs what it enqueues."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--list", action="store_true", help="List the registered jobs.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in schedule.jobs.values():
                when = f"every {job.every}" if job.every else f"daily at {job.daily_at} UTC"
                self.stdout.write(f"{job.name:<45} {when}")
            return
        if options["once"]:
            names = run_due_jobs()
            self.stdout.write(f"Enqueued: {', '.join(names) or 'nothing due'}")
            return
        run_forever(tick=settings.SCHEDULER_TICK_SECONDS)
