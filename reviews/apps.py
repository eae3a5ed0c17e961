from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Second opinions on a submitted assessment, and read-only share links to its report."""

    name = "reviews"

    def ready(self) -> None:
        from reviews import sections  # models are ready only now

        sections.register()
