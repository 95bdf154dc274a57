from django.apps import AppConfig


class PrivacyGovernanceConfig(AppConfig):
    """Retention, residency and transfers, records of processing and the breach register."""

    name = "orbis.privacy.governance"
    label = "privacy_governance"
    verbose_name = "Privacy governance"
