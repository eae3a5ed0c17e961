from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from post_office.signals import email_queued

        from accounts import (
            checks,  # noqa: F401 (registers the deployment checks)
            outbox,
        )

        email_queued.connect(outbox.on_queued, dispatch_uid="accounts.outbox")
