"""manage.py seed_framework: load the shipped framework into an empty database.

`make run` calls this on every start, so it loads fixtures/careers.json only while the
database has no roles: once the framework is there, edits made in the admin survive a
restart. On a local install (DEBUG on) with no superuser yet, it also creates "admin" with
a random password that it prints once, so a new user can log in to /admin/ straight away.
With DEBUG off it never creates a user.
"""

from __future__ import annotations

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from careers.models import Requirement, Role, Rung, Skill

FIXTURE = settings.BASE_DIR / "fixtures" / "careers.json"
ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@localhost"


class Command(BaseCommand):
    help = (
        "Load fixtures/careers.json when the database has no roles (admin edits are kept). "
        "With DEBUG on and no superuser, also create 'admin' with a printed random password."
    )

    def handle(self, *args, **options) -> None:
        self._seed_framework()
        if settings.DEBUG:
            self._create_local_admin()
        else:
            self.stdout.write("DEBUG is off: no user created (use manage.py createsuperuser).")

    def _seed_framework(self) -> None:
        if Role.objects.exists():
            self.stdout.write("The framework already has roles: nothing loaded, edits kept.")
            return
        call_command("loaddata", str(FIXTURE), verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the career framework: {Role.objects.count()} roles, "
                f"{Rung.objects.count()} rungs, {Skill.objects.count()} skills, "
                f"{Requirement.objects.count()} requirements."
            )
        )

    def _create_local_admin(self) -> None:
        users = get_user_model().objects
        if users.filter(is_superuser=True).exists():
            return
        if users.filter(username=ADMIN_USERNAME).exists():
            self.stdout.write(
                f"A user named {ADMIN_USERNAME!r} exists but is not a superuser: none created."
            )
            return
        password = secrets.token_urlsafe(16)
        admin = users.create_superuser(
            username=ADMIN_USERNAME, email=ADMIN_EMAIL, password=password
        )
        # Log-in needs a verified address; this local one has no mailbox to confirm it from.
        EmailAddress.objects.create(user=admin, email=ADMIN_EMAIL, primary=True, verified=True)
        self.stdout.write(
            self.style.WARNING(
                f"Created superuser {ADMIN_USERNAME!r} ({ADMIN_EMAIL}) with password: {password}\n"
                f"It is shown only this once. Log in at /admin/ with {ADMIN_EMAIL}."
            )
        )
