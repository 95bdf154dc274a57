from django.apps import AppConfig


class PrivacyRequestsConfig(AppConfig):
    """Data-subject requests (access, erasure...) and the suppression list."""

    name = "orbis.privacy.requests"
    label = "privacy_requests"
    verbose_name = "Data-subject requests"

    def ready(self) -> None:
        from orbis.kernel.registry import registry
        from orbis.privacy.consent import register_block

        from .services import refuse_suppressed, restriction_block

        registry.register_intake_check(refuse_suppressed)
        register_block(restriction_block)
