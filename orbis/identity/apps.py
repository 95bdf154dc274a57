from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "orbis.identity"
    label = "identity"
    verbose_name = "Identity and access"

    def ready(self) -> None:
        from . import lockout  # noqa: F401  (audits sign-in lockouts: a signal receiver)
