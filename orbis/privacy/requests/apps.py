from django.apps import AppConfig


class PrivacyRequestsConfig(AppConfig):
    """Data-subject requests (access, erasure...) and the suppression list."""

    name = "orbis.privacy.requests"
    label = "privacy_requests"
    verbose_name = "Data-subject requests"

    def ready(self) -> None:
        from orbis.kernel.registry import registry

        from .services import refuse_suppressed

        registry.register_intake_check(refuse_suppressed)
