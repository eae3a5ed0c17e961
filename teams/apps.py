from django.apps import AppConfig


class TeamsConfig(AppConfig):
    """Teams whose members choose to share their ratings with the team's managers."""

    name = "teams"

    def ready(self) -> None:
        from teams import sections  # models are ready only now

        sections.register()
