from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "orbis.demo"
    label = "demo"
    verbose_name = "Demo data"
