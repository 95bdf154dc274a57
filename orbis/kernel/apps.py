import datetime

from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "orbis.kernel"
    label = "kernel"
    verbose_name = "Kernel"

    def ready(self) -> None:
        from .schedule import schedule
        from .tasks import purge_idempotency_records, refresh_planner_statistics

        schedule.register(
            "kernel.refresh_planner_statistics",
            refresh_planner_statistics,
            daily_at=datetime.time(3, 0),
        )
        schedule.register(
            "kernel.purge_idempotency_records",
            purge_idempotency_records,
            every=datetime.timedelta(hours=6),
        )
