"""api_token USERNAME [--reset]: the API token of a staff user, printed as the last word."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Create the API token of a staff user (or show the one they have) and print it as the last word: "
        "a pipeline sends it as 'Authorization: Token <token>'. --reset replaces it."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("username", help="A staff user; the token writes what the user may edit in the admin.")
        parser.add_argument(
            "--reset", action="store_true", help="Replace the user's token (the old one stops working)."
        )

    @transaction.atomic
    def handle(self, *args, username, reset, **options):
        User = get_user_model()
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"No user named “{username}”.")
        if not (user.is_active and user.is_staff):
            raise CommandError(f"“{username}” is not an active staff user: only staff may have an API token.")
        if reset:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        state = "Created" if created else "Existing"
        self.stdout.write(f"{state} API token for {username}: {token.key}")
