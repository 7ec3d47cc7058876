from django.apps import AppConfig


class ResidencesConfig(AppConfig):
    name = "residences"
