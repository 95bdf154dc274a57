from django.apps import AppConfig


class PrivacyRequestsConfig(AppConfig):
    """Data-subject requests (access, erasure...) and the suppression list."""

    name = "orbis.privacy.requests"
    label = "privacy_requests"
    verbose_name = "Data-subject requests"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orbis.kernel.registry import RecordLink, registry
        from orbis.privacy.decisions import register_block

        from .querysets import open_work, restriction_block
        from .suppression import refuse_suppressed

        registry.register_intake_check(refuse_suppressed)
        registry.register_work_counter("privacy_requests", open_work)
        registry.register_record_link(
            RecordLink(
                "contact",
                _("New request"),
                "privacy_requests:create",
                "privacy.handle_requests",
                "inbox",
                query="contact",
            )
        )
        register_block(restriction_block)
