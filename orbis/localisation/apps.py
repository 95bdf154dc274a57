import datetime

from django.apps import AppConfig


class LocalisationConfig(AppConfig):
    name = "orbis.localisation"
    label = "localisation"
    verbose_name = "Localisation"

    def ready(self) -> None:
        from orbis.kernel.schedule import schedule

        from .tasks import refresh_exchange_rates

        # The ECB publishes around 16:00 CET on TARGET working days; an hour's margin after it.
        schedule.register(
            "localisation.refresh_exchange_rates",
            refresh_exchange_rates,
            daily_at=datetime.time(16, 0),
        )
