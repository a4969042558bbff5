"""factory_boy factories, and a helper that builds a whole matrix version of any size."""

import datetime

import factory
from django.contrib.auth import get_user_model

from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection
from responsibilities.matrices import matrix_write
from responsibilities.models import MatrixVersion, Service, VersionStatus


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("secret-pass-123")


class StaffFactory(UserFactory):
    is_staff = True


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    family = "Web Cloud"


def sample_matrix(activities: int = 10, parties: tuple[str, ...] = ("Customer", "OVHcloud"), per_section: int = 5):
    """A valid matrix (one RA, the others I) with ``activities`` rows in nested sections."""
    sections = []
    count = 0
    while count < activities:
        index = len(sections) + 1
        child = MatrixSection(title=f"Subsection {index}.1")
        for _ in range(min(per_section, activities - count)):
            cells = {party: "I" for party in parties}
            cells[parties[count % len(parties)]] = "RA"
            child.activities.append(MatrixActivity(text=f"Activity number {count + 1}", cells=cells))
            count += 1
        sections.append(MatrixSection(title=f"Section {index}", children=[child]))
    return Matrix(parties=list(parties), sections=sections, title="Shared responsibilities")


def make_version(
    *,
    service=None,
    matrix: Matrix | None = None,
    activities: int = 10,
    published: bool = True,
    number: int | None = None,
    last_updated: datetime.date = datetime.date(2022, 11, 17),
    summary: str = "First publication",
) -> MatrixVersion:
    """Create a version holding ``matrix`` (or a sample one); published directly unless asked."""
    service = service or ServiceFactory()
    matrix = matrix or sample_matrix(activities)
    version = MatrixVersion.objects.create(service=service, title=matrix.title or service.name)
    matrix_write(version=version, matrix=matrix)
    if published:
        from responsibilities.services import version_publish

        version = version_publish(draft=version, summary=summary, last_updated=last_updated, override=True)
        if number is not None and version.number != number:
            raise AssertionError(f"expected version {number}, got {version.number}")
    assert version.status == (VersionStatus.PUBLISHED if published else VersionStatus.DRAFT)
    return version


def translated_page(version: MatrixVersion, language: str = "fr", *, prefix: str = "FR ") -> Matrix:
    """The version's matrix with every text prefixed (as a translated page would read), same letters."""
    from responsibilities.matrices import matrix_load

    matrix = matrix_load(version)
    renamed = {party: f"{prefix}{party}" for party in matrix.parties}
    matrix.parties = list(renamed.values())
    matrix.title = f"{prefix}{matrix.title}"
    for _number, section in matrix.walk():
        section.title = f"{prefix}{section.title}"
        for activity in section.activities:
            activity.text = f"{prefix}{activity.text}"
            activity.cells = {renamed[party]: letters for party, letters in activity.cells.items()}
            activity.key = ""
    return matrix


def make_translation(version: MatrixVersion, language: str = "fr", *, prefix: str = "FR ", publish: bool = True):
    """Import a translated page of ``version`` in ``language`` (published unless asked) and return the Translation."""
    from responsibilities.services import translation_import

    report = translation_import(
        service=version.service,
        matrix=translated_page(version, language, prefix=prefix),
        language=language,
        of_version=version.number,
        source=f"guide.{language}.md",
        publish=publish,
    )
    return report.translation
