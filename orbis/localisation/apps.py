from django.apps import AppConfig


class LocalisationConfig(AppConfig):
    name = "orbis.localisation"
    label = "localisation"
    verbose_name = "Localisation"
