import datetime

from django.apps import AppConfig


class PrivacyGovernanceConfig(AppConfig):
    """Retention, residency and transfers, records of processing and the breach register."""

    name = "orbis.privacy.governance"
    label = "privacy_governance"
    verbose_name = "Privacy governance"

    def ready(self) -> None:
        from orbis.kernel.registry import registry
        from orbis.kernel.schedule import schedule

        from .residency import log_transfers, residency_guard
        from .tasks import apply_retention_policies

        registry.register_access_guard(residency_guard)
        registry.register_read_observer(log_transfers)
        schedule.register(
            "privacy_governance.apply_retention",
            apply_retention_policies,
            daily_at=datetime.time(2, 30),
        )
