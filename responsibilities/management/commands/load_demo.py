"""Load the demo services, their real published pages and their translations from fixtures/ (idempotent).

Per service (``demo_services.json``): ``pages/<slug>/`` holds its pages in its source language,
imported oldest first as successive versions; ``translations/<slug>/<locale>/`` pages in another
locale, each the translation of the version in force on its date; ``guides/<slug>/`` a guide of
the documentation layout (``guide.<locale>.md``): one version and its translations.
"""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from responsibilities.models import Service

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DEMO_LOGINS = (("admin", True), ("manager", False))


class Command(BaseCommand):
    help = "Load the demo services and their published versions from fixtures/. Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", default=str(FIXTURES), help="Folder holding demo_services.json and pages/.")
        parser.add_argument(
            "--with-logins",
            action="store_true",
            default=None,
            help="Also create the demo logins admin/admin and manager/manager (default: only when DEBUG is on).",
        )

    def handle(self, *args, fixtures, with_logins, **options):
        folder = Path(fixtures)
        try:
            entries = json.loads((folder / "demo_services.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {folder / 'demo_services.json'}: {error}") from error
        for entry in entries:
            service, created = Service.objects.get_or_create(
                slug=entry["slug"],
                defaults={
                    key: entry[key] for key in ("name", "family", "description", "source_language") if key in entry
                },
            )
            imports = [(folder / "pages" / entry["slug"], {}), (folder / "guides" / entry["slug"], {})]
            translations = folder / "translations" / entry["slug"]
            if translations.is_dir():
                imports += [(locale, {"language": locale.name}) for locale in sorted(translations.iterdir())]
            for path, options in imports:
                if path.is_dir():
                    call_command(
                        "import_raci",
                        str(path),
                        service=service.slug,
                        publish=True,
                        verbosity=0,
                        stdout=self.stdout,
                        **options,
                    )
            count = service.versions.filter(status="published").count()
            languages = service.versions.published().filter(translations__status="published")
            codes = sorted(set(languages.values_list("translations__language", flat=True)))
            shown = f", translated into {', '.join(codes)}" if codes else ""
            self.stdout.write(f"{service.name}: {count} published version(s){shown}{' (new)' if created else ''}")
        if with_logins if with_logins is not None else settings.DEBUG:
            self._demo_logins()

    def _demo_logins(self):
        """Known passwords, for a local demo only: never run with --with-logins in production."""
        from django.contrib.auth.models import Group

        User = get_user_model()
        for username, is_superuser in DEMO_LOGINS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True, "is_superuser": is_superuser}
            )
            if created:
                user.set_password(username)
                user.save()
                group = Group.objects.filter(name="Account managers").first()
                if group is not None and not is_superuser:
                    user.groups.add(group)
                if not is_superuser:
                    for service in Service.objects.filter(slug__in=["email-pro", "hosted-exchange"]):
                        service.editors.add(user)
                self.stdout.write(f"Demo login created: {username} / {username}")
