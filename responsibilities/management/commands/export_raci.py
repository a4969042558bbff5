"""export_raci SLUG [N] --format FMT [-o FILE], or export_raci --all -o DIR (a JSON archive)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from responsibilities.formats import FORMATS, extensions_sentence, write
from responsibilities.matrices import matrix_load
from responsibilities.models import MatrixVersion, Service
from responsibilities.translations.languages import normalize_language
from responsibilities.translations.reading import NoTranslation, matrix_in_language, version_languages


def archive_path(folder: Path, version: MatrixVersion, language: str = "") -> Path:
    """Where ``--all`` puts a version: DIR/<service slug>/<number>.json, its translations beside it as
    <number>.<language>.json (import_raci reads them back as the same version's translations)."""
    suffix = f".{language}" if language else ""
    return folder / version.service.slug / f"{version.number:04d}{suffix}.json"


class Command(BaseCommand):
    # A data command pays for what it uses: the system checks would import every URL pattern,
    # and so every public view, on each run (``manage.py check`` and ``migrate`` run them).
    requires_system_checks = []

    @property
    def help(self):
        return (
            f"Export a published version of a service (default: the current one) as {extensions_sentence()}; "
            "with --all, every published version of every service as JSON files under a folder."
        )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="The service's slug.")
        parser.add_argument("number", nargs="?", type=int, help="Version number (default: the current version).")
        parser.add_argument(
            "--format", choices=list(FORMATS), default="json", dest="fmt", help=f"One of {extensions_sentence()}."
        )
        parser.add_argument("-o", "--output", help="File to write (a folder with --all); default: standard output.")
        parser.add_argument(
            "--language",
            help="The language to export the version in (one of its translations, e.g. fr-fr); "
            "default: the language it is written in. The letters are always the version's.",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="Every published version of every service, with their translations, as JSON.",
        )

    def handle(self, *args, slug, number, fmt, output, all, language=None, **options):
        if all:
            if not output:
                raise CommandError("--all needs -o DIR, the folder to write the archive into.")
            return self._export_all(Path(output), options["verbosity"])
        if not slug:
            raise CommandError("Name the service to export (its slug), or use --all -o DIR.")
        version = self._version(slug, number)
        data = write(self._matrix(version, language), fmt)
        if output:
            try:
                Path(output).parent.mkdir(parents=True, exist_ok=True)
                Path(output).write_bytes(data)
            except OSError as error:
                raise CommandError(f"{output}: cannot be written ({error.strerror})") from None
            if options["verbosity"] >= 1:
                shown = f" in {language}" if language else ""
                self.stderr.write(f"Wrote {slug} v{version.number}{shown} as {fmt} to {output} ({len(data)} bytes).")
        elif FORMATS[fmt].binary:
            buffer = getattr(getattr(self.stdout, "_out", None), "buffer", None)
            if buffer is None:
                raise CommandError(f"{fmt} is binary: write it to a file with -o FILE.")
            buffer.write(data)
            buffer.flush()
        else:
            self.stdout.write(data.decode("utf-8-sig"), ending="")

    def _version(self, slug: str, number: int | None) -> MatrixVersion:
        service = Service.objects.filter(slug=slug).first()
        if service is None:
            raise CommandError(f"There is no service “{slug}”.")
        if number is None:
            if service.current_version_id is None:
                raise CommandError(f"{slug} has no published version yet.")
            number_filter = {"pk": service.current_version_id}
        else:
            number_filter = {"number": number}
        version = MatrixVersion.objects.published().filter(service=service, **number_filter).first()
        if version is None:
            raise CommandError(f"{slug} has no published version {number}.")
        return version

    def _matrix(self, version: MatrixVersion, language: str | None):
        if not language:
            return matrix_load(version)
        try:
            return matrix_in_language(version, normalize_language(language))
        except ValidationError as error:
            raise CommandError(f"--language: {' '.join(error.messages)}") from None
        except NoTranslation:
            languages = ", ".join(version_languages(version))
            raise CommandError(
                f"{version.service.slug} v{version.number} has no published translation in {language} "
                f"(its languages: {languages})."
            ) from None

    def _export_all(self, folder: Path, verbosity: int):
        versions = MatrixVersion.objects.published().select_related("service").order_by("service__slug", "number")
        count = translations = 0
        for version in versions:
            path = archive_path(folder, version)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(write(matrix_load(version), "json"))
            count += 1
            for language in version_languages(version)[1:]:
                data = write(matrix_in_language(version, language), "json")
                archive_path(folder, version, language).write_bytes(data)
                translations += 1
        if verbosity >= 1:
            self.stdout.write(f"Wrote {count} published version(s) and {translations} translation(s) to {folder}.")
