from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self) -> None:
        from assessments.report.rung_index import rung_index
        from careers.cache import build_on_each_version

        # The rung index of a new framework version is built by the edit that makes it, so
        # that a cold report after an edit reads it instead of reading every requirement.
        build_on_each_version(rung_index)
