from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "orbis.kernel"
    label = "kernel"
    verbose_name = "Kernel"
