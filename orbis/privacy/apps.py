from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Jurisdiction rule packs, the consent ledger and the public preference page."""

    name = "orbis.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from orbis.kernel.registry import registry

        from .personal_data import HANDLER

        registry.register_personal_data(HANDLER)
