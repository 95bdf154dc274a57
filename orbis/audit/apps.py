from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "orbis.audit"
    label = "audit"
    verbose_name = "Audit"
