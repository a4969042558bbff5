"""Publishing translations in tests: every text of a version, prefixed with its language."""

from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection
from responsibilities.matrices import matrix_load
from responsibilities.models import MatrixVersion
from responsibilities.services.translating import translation_import


def translated_matrix(version: MatrixVersion, language: str) -> Matrix:
    """The version's matrix with every text (title, sections, activities, parties) as ``[language] text``."""
    source = matrix_load(version)
    tag = f"[{language}] "
    names = {name: tag + name for name in source.parties}

    def section(plain: MatrixSection) -> MatrixSection:
        return MatrixSection(
            title=tag + plain.title,
            activities=[
                MatrixActivity(text=tag + a.text, cells={names[p]: letters for p, letters in a.cells.items()})
                for a in plain.activities
            ],
            children=[section(child) for child in plain.children],
        )

    return Matrix(
        parties=list(names.values()),
        sections=[section(plain) for plain in source.sections],
        title=tag + source.title,
        introduction=tag + source.introduction if source.introduction else "",
        change_summary=tag + source.change_summary if source.change_summary else "",
        last_updated=source.last_updated,
    )


def translate(version: MatrixVersion, language: str):
    """Publish the ``[language]`` translation of a published version; return the translation."""
    report = translation_import(
        service=version.service,
        matrix=translated_matrix(version, language),
        language=language,
        of_version=version.number,
        publish=True,
    )
    return report.translation
