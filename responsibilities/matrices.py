"""Moving a plain ``Matrix`` in and out of the database, in a fixed number of queries."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from .formats.matrix import Matrix, MatrixActivity, MatrixSection
from .models import Activity, Assignment, MatrixVersion, Party, Section
from .parties import party_slugs


def matrix_write(*, version: MatrixVersion, matrix: Matrix) -> None:
    """Replace everything in a draft with the content of ``matrix`` (bulk; call inside a transaction).

    Activity keys from the matrix are kept (so a copied draft stays diffable); rows without a
    key, or with a key already used in this matrix, get a new one.
    """
    if version.is_published:
        raise ValidationError(_("A published version can never be changed. Start a new draft."))
    version.parties.all().delete()  # and, by cascade, every assignment of the draft
    # Nothing refers to the activities any more: one DELETE, without loading thousands of them.
    version.activities.all()._raw_delete(version.activities.db)
    version.sections.all().delete()

    slugs = party_slugs(matrix.parties)
    unknown = {name for _, plain in matrix.activities() for name in plain.cells} - set(matrix.parties)
    if unknown:
        raise ValidationError(
            _("Letters are given for unknown parties: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    parties = Party.objects.bulk_create(
        Party(version=version, name=name, slug=slug, order=index)
        for index, (name, slug) in enumerate(zip(matrix.parties, slugs, strict=True))
    )
    party_by_name = {party.name: party for party in parties}

    # Sections are created one depth at a time so each level knows its parents' keys.
    level = [(None, index, section) for index, section in enumerate(matrix.sections)]
    created: list[tuple[Section, MatrixSection]] = []
    while level:
        rows = Section.objects.bulk_create(
            Section(version=version, parent=parent, title=plain.title, note=plain.note, order=order)
            for parent, order, plain in level
        )
        pairs = list(zip(rows, (plain for _, _, plain in level), strict=True))
        created.extend(pairs)
        level = [(row, index, child) for row, plain in pairs for index, child in enumerate(plain.children)]

    seen_keys: set[uuid.UUID] = set()
    activity_rows, plain_rows = [], []
    for section, plain_section in created:
        for order, plain in enumerate(plain_section.activities):
            key = _parse_key(plain.key)
            if key is None or key in seen_keys:
                key = uuid.uuid4()
            seen_keys.add(key)
            activity_rows.append(
                Activity(version_id=version.pk, section_id=section.pk, key=key, text=plain.text, order=order)
            )
            plain_rows.append(plain)
    activities = Activity.objects.bulk_create(activity_rows, batch_size=1000)

    party_ids = {name: party.pk for name, party in party_by_name.items()}
    assignments = [
        (activity.pk, party_ids[party_name], letters)
        for activity, plain in zip(activities, plain_rows, strict=True)
        for party_name, letters in plain.cells.items()
        if letters
    ]
    _insert_assignments(assignments)


def _insert_assignments(rows: list[tuple[int, int, str]]) -> None:
    """Insert (activity_id, party_id, letters) rows of a draft with one executemany.

    Thousands of Assignment instances cost more than the import's file reading (the import budget);
    the draft was checked above, and the database's constraints still check every row.
    """
    table = connection.ops.quote_name(Assignment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} (activity_id, party_id, letters) VALUES (%s, %s, %s)", rows)  # noqa: S608


def _parse_key(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


@dataclass
class MatrixWords:
    """Texts that replace a version's own when its matrix is loaded (a translation's), by row pk.

    A key that is missing, or a blank text, keeps the version's own words for that row.
    """

    language: str
    title: str = ""
    introduction: str = ""
    change_summary: str = ""
    parties: dict[int, str] = field(default_factory=dict)
    sections: dict[int, tuple[str, str]] = field(default_factory=dict)  # pk -> (title, note)
    activities: dict[int, str] = field(default_factory=dict)


def matrix_load(version: MatrixVersion, *, words: MatrixWords | None = None) -> Matrix:
    """Read a version's plain matrix as bare values, in five queries whatever its size.

    For bulk work on whole versions (imports, exports, downloads): building thousands of model
    instances costs more than the file format itself, and no view needs them there. With
    ``words``, texts are taken from them where they give one (the letters are always the version's).
    """
    version = MatrixVersion.objects.select_related("service").get(pk=version.pk)
    words = words or MatrixWords(language="")
    parties = [
        (pk, words.parties.get(pk) or name)
        for pk, name in version.parties.order_by("order", "pk").values_list("pk", "name")
    ]
    party_names = dict(parties)
    sections = version.sections.order_by("order", "pk").values_list("pk", "parent_id", "title", "note")
    by_pk: dict[int, MatrixSection] = {}
    children: dict[int | None, list[MatrixSection]] = defaultdict(list)
    for pk, parent_id, title, note in sections:
        if pk in words.sections:
            title, note = words.sections[pk][0] or title, words.sections[pk][1] or note
        by_pk[pk] = MatrixSection(title=title, note=note)
        children[parent_id].append(by_pk[pk])
    for pk, section in by_pk.items():
        section.children = children.get(pk, [])
    cells: dict[int, dict[str, str]] = defaultdict(dict)
    for activity_id, party_id, letters in Assignment.objects.filter(activity__version=version).values_list(
        "activity_id", "party_id", "letters"
    ):
        cells[activity_id][party_names[party_id]] = letters
    empty = {name: "" for name in party_names.values()}
    activities = version.activities.order_by("section_id", "order", "pk").values_list("pk", "section_id", "text", "key")
    for pk, section_id, text, key in activities:
        by_pk[section_id].activities.append(
            MatrixActivity(text=words.activities.get(pk) or text, cells={**empty, **cells[pk]}, key=str(key))
        )
    return Matrix(
        parties=[name for _, name in parties],
        sections=children.get(None, []),
        title=words.title or version.title,
        introduction=words.introduction or version.introduction,
        last_updated=version.last_updated,
        change_summary=words.change_summary or version.change_summary,
        # A published version names the service as it was published: renaming it changes nothing there.
        service=version.service_name if version.is_published else version.service.name,
        version=version.number,
        language=words.language,
    )
