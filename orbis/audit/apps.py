import datetime

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "orbis.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from orbis.kernel.registry import registry
        from orbis.kernel.schedule import schedule

        from .reads import record_read
        from .tasks import checkpoint_audit_chain, seal_read_events, verify_audit_chain

        registry.register_read_observer(record_read)
        schedule.register("audit.seal_reads", seal_read_events, every=datetime.timedelta(minutes=1))
        schedule.register("audit.verify_chain", verify_audit_chain, daily_at=datetime.time(4, 0))
        schedule.register(
            "audit.checkpoint", checkpoint_audit_chain, every=datetime.timedelta(minutes=10)
        )
