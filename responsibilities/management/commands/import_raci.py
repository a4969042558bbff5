"""import_raci PATH... — import spreadsheets, JSON or documentation pages into services."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from responsibilities.formats import Matrix, MatrixFileError, extensions_sentence, is_importable
from responsibilities.formats.matrix import same_matrix
from responsibilities.limits import name_problem, read_regular_file, shown_path
from responsibilities.matrices import matrix_load
from responsibilities.models import MatrixVersion, Service
from responsibilities.services import ImportReport, TranslationReport, matrix_import, matrix_read, translation_import
from responsibilities.translations.languages import language_from_filename, normalize_language

#: The source page of a guide when --source-language does not name one: the first of these it has, else its first.
SOURCE_LANGUAGE_PREFERENCE = ("en-gb", "en")


@dataclass
class Planned:
    path: Path
    matrix: Matrix
    group: str  # files of one folder are one service's successive versions
    folder_slug: str  # the service a subfolder names (archives written by export_raci --all)
    #: The page's language: --language, else its file name's (guide.fr-fr.md), else the file's own
    #: (a JSON translation); None: the service's source language.
    language: str | None = None

    @property
    def is_guide(self) -> bool:
        """A page of the documentation layout, ``<guide>/guide.<locale>.md``."""
        return language_from_filename(self.path.name) is not None

    @property
    def name(self) -> str:
        return self.matrix.service or self.matrix.title or self.path.stem


class Command(BaseCommand):
    # A data command pays for what it uses: the system checks would import every URL pattern,
    # and so every public view, on each run (``manage.py check`` and ``migrate`` run them).
    requires_system_checks = []

    @property
    def help(self):
        return (
            f"Import RACI matrices from files or folders ({extensions_sentence()}) into their services' drafts; "
            "with --publish each file becomes a published version (a folder of pages: oldest first)."
        )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders to import.")
        parser.add_argument("--service", help="Slug of the service (created when missing).")
        parser.add_argument("--publish", action="store_true", help="Publish each imported file as a new version.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")
        parser.add_argument("--last-updated", type=_iso_date, help="The date readers see (YYYY-MM-DD).")
        parser.add_argument("--summary", default="", help="Change summary of the published version(s).")
        parser.add_argument("--title", default="", help="Title of the matrix (overrides the file's).")
        parser.add_argument(
            "--language",
            help="The pages' language (en, en-gb, fr-fr…). A new service takes it as its source language; in "
            "another language than the service's, a page becomes a translation of a published version. "
            "Default: the file name's (guide.fr-fr.md), else the service's source language.",
        )
        parser.add_argument(
            "--of-version",
            type=int,
            metavar="N",
            help="The published version a translated page translates (default: the one in force on its date).",
        )
        parser.add_argument(
            "--source-language",
            help="In the documentation layout (<guide>/guide.<locale>.md), the locale whose page is the version "
            "of a new service; the others become its translations (default: en-gb, else en, else the first).",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Treat every warning as an error: import nothing if any file needed a repair or a caution "
            "(for a documentation pipeline's CI).",
        )

    def handle(self, *args, paths, service, publish, dry_run, last_updated, summary, title, **options):
        self.verbosity = options["verbosity"]
        self.strict = options.get("strict", False)
        self.of_version = options.get("of_version")
        language = _language_option(options.get("language"), "--language")
        self.source_language = _language_option(options.get("source_language"), "--source-language")
        files, problems = _expand([Path(p) for p in paths])
        if not files and not problems:
            shown = ", ".join(shown_path(p) for p in paths)
            raise CommandError(f"No file to import ({extensions_sentence()}) in: {shown}")
        planned = self._read_all(files, problems, title=title, last_updated=last_updated, summary=summary)
        for item in planned:
            item.language = language or language_from_filename(item.path.name) or item.matrix.language or None
        self.explicit_language = language
        groups = _by_service(planned, service)
        for slug, items in groups.items():
            if len(items) > 1 and not (publish or dry_run):
                raise CommandError(
                    f"{len(items)} files go to the service “{slug}”: use --publish to make each a version "
                    "(oldest first), or --dry-run to preview."
                )
        try:
            with transaction.atomic():
                totals = self._import_groups(groups, publish=publish, dry_run=dry_run, summary=summary)
                if dry_run:
                    # A dry run is a rehearsal: every page is really imported (so a folder's
                    # pages compare with each other, and identical ones are found), then undone.
                    transaction.set_rollback(True)
        except ValidationError as error:
            raise CommandError("Nothing was imported: " + " ".join(error.messages)) from None
        except DatabaseError as error:
            raise CommandError(f"Nothing was imported: the database refused the data ({error})") from None
        self._summary(totals, dry_run=dry_run, publish=publish)

    def _read_all(self, files: list[tuple[Path, str, str]], problems: list[str], **options) -> list[Planned]:
        """Read every file before writing anything, and report every problem of every file
        (with those ``_expand`` found in the folders)."""
        planned = []
        for path, group, folder_slug in files:
            shown = shown_path(path)
            try:
                if message := name_problem(path):
                    raise MatrixFileError.single(message, filename=shown)
                matrix = matrix_read(read_regular_file(path, shown), filename=shown, **options)
            except MatrixFileError as error:
                problems.append(str(error))
                continue
            if self.strict:
                problems.extend(f"{shown}: {warning}" for warning in matrix.warnings)
            planned.append(Planned(path, matrix, group, folder_slug))
        if problems:
            strict = " (--strict: warnings are errors)" if self.strict else ""
            raise CommandError(f"Nothing was imported{strict}:\n" + "\n".join(problems))
        return planned

    def _import_groups(self, groups, *, publish: bool, dry_run: bool, summary: str) -> dict:
        totals = {"files": 0, "versions": 0, "skipped": 0, "rows": 0, "warnings": 0, "services": 0, "translations": 0}
        self.count = sum(len(items) for items in groups.values())
        for slug, items in groups.items():
            service = Service.objects.filter(slug=slug).first()
            source_language = service.source_language if service else self._new_source_language(items)
            sources = [item for item in items if item.language in (None, source_language)]
            translations = [item for item in items if item not in sources]
            if not sources and service is None:
                raise CommandError(
                    f"{shown_path(items[0].path)}: no page in {source_language}, the source language of the new "
                    f"service “{slug}”: name its source page's locale with --source-language"
                )
            if service is None:
                totals["services"] += 1
                service = Service.objects.create(slug=slug, name=sources[0].name[:200], source_language=source_language)
            # Translations pair with published versions: a rehearsal publishes what it imports.
            publish_sources = publish or (dry_run and bool(translations))
            self._import_sources(service, sources, totals, publish=publish_sources, dry_run=dry_run, summary=summary)
            for item in translations:
                self._import_translation(service, item, totals, publish=publish or dry_run, dry_run=dry_run)
        return totals

    def _new_source_language(self, items: list[Planned]) -> str:
        """A new service's source language: --language or --source-language; else a guide's preferred
        locale (en-gb, en, the first); else the default (en) when a page does not say its own, else the first page's."""
        if self.explicit_language:
            return self.explicit_language
        if self.source_language:
            return self.source_language  # a guide without a page in it is reported
        languages = [item.language for item in items if item.language]
        if any(item.is_guide for item in items):
            preferred = [code for code in SOURCE_LANGUAGE_PREFERENCE if code in languages]
            return preferred[0] if preferred else sorted(languages)[0]
        if len(languages) < len(items):  # pages that do not say their language are the versions
            return Service._meta.get_field("source_language").default
        return languages[0]

    def _import_sources(self, service, items, totals, *, publish: bool, dry_run: bool, summary: str) -> None:
        count = self.count
        previous = None
        for item in items:
            totals["files"] += 1
            self._progress(totals["files"], count, item.path)
            skipped_as = None
            if publish and previous is not None and same_matrix(previous.matrix, item.matrix):
                skipped_as = f"{previous.path.name}, imported just before it"
            elif publish and service.pk:
                skipped_as = self._already_published(service, item.matrix)
            if skipped_as is not None:
                totals["skipped"] += 1
                self._say(f"{shown_path(item.path)}: identical to {skipped_as}, skipped")
                continue
            previous = item
            report = matrix_import(
                service=service,
                matrix=item.matrix,
                source=item.path.name,
                publish=publish,
                summary=summary,
            )
            if self.strict:
                self._refuse_cautions(item, report, publish=publish)
            self._report(service, item, report, publish=publish, dry_run=dry_run)
            totals["rows"] += item.matrix.activity_count()
            totals["warnings"] += len(report.warnings) + (len(report.rule_problems) if publish else 0)
            totals["warnings"] += 1 if report.caution else 0
            totals["versions"] += 1 if publish else 0

    def _import_translation(self, service, item: Planned, totals, *, publish: bool, dry_run: bool) -> None:
        """One translated page of a published version of ``service``; a page that does not line up stops everything."""
        totals["files"] += 1
        self._progress(totals["files"], self.count, item.path)
        shown = shown_path(item.path)
        try:
            report = translation_import(
                service=service,
                matrix=item.matrix,
                language=item.language,
                of_version=self.of_version or item.matrix.version,
                source=item.path.name,
                publish=publish,
            )
        except ValidationError as error:
            raise CommandError(f"Nothing was imported: {shown}: {' '.join(error.messages)}") from None
        if self.strict and report.disagreements:
            raise CommandError(
                "Nothing was imported (--strict: warnings are errors):\n"
                + "\n".join(f"{shown}: {row}" for row in report.disagreements)
            )
        self._report_translation(service, item, report, dry_run=dry_run)
        if report.unchanged:
            totals["skipped"] += 1
            return
        totals["rows"] += item.matrix.activity_count()
        totals["warnings"] += len(report.warnings)
        totals["translations"] += 1 if report.translation is not None and report.translation.is_published else 0

    def _report_translation(self, service, item: Planned, report: TranslationReport, *, dry_run: bool) -> None:
        shown = shown_path(item.path)
        of = f"the {report.language} translation of {service.slug} v{report.version.number}"
        if report.unchanged:
            self._say(f"{shown}: identical to {of} (revision {report.replaces.revision}), skipped")
            return
        translation = report.translation
        if translation.is_published:
            verb = "would publish" if dry_run else "published"
            self._say(f"{shown}: {verb} {of} (revision {translation.revision}, {report.rows} rows translated)")
        else:
            self._say(f"{shown}: imported into the draft of {of} ({report.rows} rows translated)")
        for warning in report.warnings:
            self._warn(f"{shown}: {warning}")

    def _already_published(self, service: Service, matrix: Matrix) -> str | None:
        """The published version this matrix repeats: the current one, or one of the same date."""
        service.refresh_from_db(fields=["current_version"])
        candidates = MatrixVersion.objects.published().filter(service=service)
        if matrix.last_updated:
            candidates = candidates.filter(pk=service.current_version_id) | candidates.filter(
                last_updated=matrix.last_updated
            )
        else:
            candidates = candidates.filter(pk=service.current_version_id)
        for version in candidates:
            if same_matrix(matrix_load(version), matrix):
                return f"{service.slug} v{version.number}"
        return None

    def _refuse_cautions(self, item: Planned, report: ImportReport, *, publish: bool) -> None:
        """--strict: what the import would warn about once compared with the service is an error too
        (raised inside the transaction, so nothing stays written)."""
        problems = [report.caution] if report.caution else []
        if publish:
            problems += [f"{problem} (the A/R rule)" for problem in report.rule_problems]
        if problems:
            raise CommandError(
                "Nothing was imported (--strict: warnings are errors):\n"
                + "\n".join(f"{item.path}: {problem}" for problem in problems)
            )

    def _report(self, service: Service, item: Planned, report: ImportReport, *, publish: bool, dry_run: bool):
        rows = item.matrix.activity_count()
        if report.caution:
            self._warn(f"{item.path}: {report.caution}")
        if report.published is not None:
            version = report.published
            self._say(
                f"{shown_path(item.path)}: {'would publish' if dry_run else 'published'} "
                f"{service.slug} v{version.number} "
                f"({rows} rows, last updated {version.last_updated.isoformat()})"
            )
        elif dry_run:
            self._say(f"{shown_path(item.path)}: would replace the draft of {service.slug}: {report.sentence()}")
            if report.published_diff is not None and report.published_diff is not report.diff:
                self._say(f"{shown_path(item.path)}: against the published version: {report.published_sentence()}")
        else:
            self._say(f"{shown_path(item.path)}: imported into the draft of {service.slug} ({rows} rows)")
        for warning in report.warnings:
            self._warn(f"{shown_path(item.path)}: {warning}")
        if publish:
            verb = "would be published" if dry_run else "published"
            for problem in report.rule_problems:
                self._warn(f"{shown_path(item.path)}: {problem} — {verb} as written (A/R override recorded)")

    def _summary(self, totals: dict, *, dry_run: bool, publish: bool):
        if self.verbosity < 1:
            return
        if dry_run:
            self.stdout.write(self.style.NOTICE("Dry run: nothing was written."))
        parts = [f"{totals['files']} file(s)", f"{totals['rows']} rows", f"{totals['warnings']} warning(s)"]
        if publish:
            parts.insert(1, f"{totals['versions']} version(s) {'to publish' if dry_run else 'published'}")
            parts.insert(2, f"{totals['skipped']} skipped as identical")
        if totals["translations"]:
            parts.insert(2, f"{totals['translations']} translation(s) {'to publish' if dry_run else 'published'}")
        if totals["services"]:
            parts.append(f"{totals['services']} new service(s)")
        self.stdout.write(self.style.SUCCESS("Summary: " + ", ".join(parts) + "."))

    def _progress(self, done: int, total: int, path: Path):
        if self.verbosity < 1 or total < 3:
            return
        width = 30
        filled = width * done // total
        bar = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {shown_path(path.name)}"
        stream = sys.stderr
        if stream.isatty():
            stream.write("\r" + bar + ("\n" if done == total else ""))
        else:
            stream.write(bar + "\n")
        stream.flush()

    def _say(self, message: str):
        if self.verbosity >= 1:
            self.stdout.write(message)

    def _warn(self, message: str):
        if self.verbosity >= 1:
            self.stdout.write(self.style.WARNING(f"warning: {message}"))


def _language_option(value: str | None, option: str) -> str | None:
    if not value:
        return None
    try:
        return normalize_language(value)
    except ValidationError as error:
        raise CommandError(f"{option}: {' '.join(error.messages)}") from None


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--last-updated “{value}” is not a date (YYYY-MM-DD)") from None


def _expand(paths: list[Path]) -> tuple[list[tuple[Path, str, str]], list[str]]:
    """Every importable file with its group (its folder, or itself) and the service slug its
    folder gives: files in a subfolder of a folder named on the command line belong to the
    service named by that subfolder's path (``DIR/email-pro/0001.json``); and the problems met.

    Inside a folder, symbolic links are followed only to files within that folder: one leading
    out of it (to ``/etc/passwd``…) is a problem, never read. A path named on the command line
    is the user's own choice and is followed.
    """
    files, problems = [], []
    for path in paths:
        if path.is_dir():
            found, skipped = _folder_files(path)
            problems.extend(skipped)
            for file in found:
                relative = file.parent.relative_to(path)
                folder_slug = slugify("-".join(relative.parts)) if relative.parts else ""
                files.append((file, str(file.parent), folder_slug))
        elif path.exists():
            files.append((path, str(path), ""))
        else:
            raise CommandError(f"{shown_path(path)}: no such file or folder")
    return files, problems


def _folder_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The importable files under ``folder`` in name order, without following links out of it."""
    root = folder.resolve()
    found, problems = [], []
    for directory, subfolders, names in os.walk(folder, followlinks=False):
        subfolders.sort()
        for name in names:
            path = Path(directory) / name
            if not is_importable(name):
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    problems.append(
                        f"{shown_path(path)}: a symbolic link to {shown_path(target)}, outside "
                        f"{shown_path(folder)}; links out of an imported folder are not followed"
                    )
                    continue
            found.append(path)
    return sorted(found), problems


def _by_service(planned: list[Planned], service: str | None) -> dict[str, list[Planned]]:
    """Group the files by the slug of their service, each group oldest first.

    The slug is ``--service``, else the subfolder's, else made from the service name or the
    title of the oldest file of the folder (or of the file itself). A guide of the documentation
    layout (``<guide>/guide.<locale>.md``) is one service named by its folder (by its path under
    the folder imported when two guides have the same folder name).
    """
    folders: dict[str, list[Planned]] = {}
    for item in planned:
        folders.setdefault(item.group, []).append(item)
    guide_names = [Path(group).name for group, items in folders.items() if any(item.is_guide for item in items)]
    groups: dict[str, list[Planned]] = {}
    for group, items in folders.items():
        items.sort(key=_oldest_first)
        first = items[0]
        if any(item.is_guide for item in items):
            name = Path(group).name
            slug = service or slugify(first.folder_slug if guide_names.count(name) > 1 else name)
        else:
            slug = service or first.folder_slug or slugify(first.name)
        if not slug:
            raise CommandError(f"{first.path}: no service slug can be made from its title; use --service")
        groups.setdefault(slug, []).extend(items)
    for items in groups.values():
        items.sort(key=_oldest_first)
    return groups


def _oldest_first(item: Planned):
    """Oldest date first; then version number; then the file name, "2022-11-17.md" before
    "2022-11-17-2.md" and "v2" before "v10"."""
    stem = [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", item.path.stem)]
    return item.matrix.last_updated or date.min, item.matrix.version or 0, stem, item.path.suffix
