import datetime

from django.apps import AppConfig


class SalesConfig(AppConfig):
    name = "orbis.sales"
    label = "sales"
    verbose_name = "Sales"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orbis.kernel.registry import RecordLink, registry

        # The purchase history on a contact's and a company's page.
        for entity in ("contact", "company"):
            registry.register_record_link(
                RecordLink(entity, _("Orders"), "sales:order_list", "sales.view", "bag", entity)
            )

        registry.register_webhook_event("deal.created", "A deal was created")
        registry.register_webhook_event("deal.stage_changed", "A deal moved to another stage")
        registry.register_webhook_event("deal.won", "A deal was won")
        registry.register_webhook_event("deal.lost", "A deal was lost")
        registry.register_webhook_event("order.created", "An order was booked")
        registry.register_webhook_event("order.updated", "An order was changed")

        from orbis.kernel.schedule import schedule

        from .tasks import take_forecast_snapshot

        # Weekly: a manager sees how the forecast moved week on week (sales.forecast_history).
        schedule.register(
            "sales.forecast_snapshot", take_forecast_snapshot, every=datetime.timedelta(days=7)
        )
