from django.apps import AppConfig


class ProgressConfig(AppConfig):
    """Progress on a plan: step states, a goal date, My plan, and a calendar feed."""

    name = "progress"

    def ready(self) -> None:
        from progress import sections  # models are ready only now

        sections.register()
