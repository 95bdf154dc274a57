from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Jurisdiction rule packs, the consent ledger and the public preference page."""

    name = "orbis.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from orbis.kernel.registry import RecordLink, registry

        from .personal_data import HANDLER

        registry.register_personal_data(HANDLER)
        registry.register_record_link(
            RecordLink("contact", _("Consent"), "privacy:contact", "privacy.view", "shield-check")
        )
