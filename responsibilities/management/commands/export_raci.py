"""export_raci SLUG [N] --format FMT [-o FILE], or export_raci --all -o DIR (a JSON archive)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from responsibilities.formats import FORMATS, extensions_sentence, write
from responsibilities.matrices import matrix_load
from responsibilities.models import MatrixVersion, Service


def archive_path(folder: Path, version: MatrixVersion) -> Path:
    """Where ``--all`` puts a version: DIR/<service slug>/<number>.json (import_raci reads it back)."""
    return folder / version.service.slug / f"{version.number:04d}.json"


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
        parser.add_argument("--all", action="store_true", help="Every published version of every service, as JSON.")

    def handle(self, *args, slug, number, fmt, output, all, **options):
        if all:
            if not output:
                raise CommandError("--all needs -o DIR, the folder to write the archive into.")
            return self._export_all(Path(output), options["verbosity"])
        if not slug:
            raise CommandError("Name the service to export (its slug), or use --all -o DIR.")
        version = self._version(slug, number)
        data = write(matrix_load(version), fmt)
        if output:
            try:
                Path(output).parent.mkdir(parents=True, exist_ok=True)
                Path(output).write_bytes(data)
            except OSError as error:
                raise CommandError(f"{output}: cannot be written ({error.strerror})") from None
            if options["verbosity"] >= 1:
                self.stderr.write(f"Wrote {slug} v{version.number} as {fmt} to {output} ({len(data)} bytes).")
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

    def _export_all(self, folder: Path, verbosity: int):
        versions = MatrixVersion.objects.published().order_by("service__slug", "number")
        count = 0
        for version in versions:
            path = archive_path(folder, version)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(write(matrix_load(version), "json"))
            count += 1
        if verbosity >= 1:
            self.stdout.write(f"Wrote {count} published version(s) to {folder}.")
