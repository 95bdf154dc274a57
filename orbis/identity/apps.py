from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "orbis.identity"
    label = "identity"
    verbose_name = "Identity and access"
