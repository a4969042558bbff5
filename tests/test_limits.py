"""One import size limit, one message, wherever a file comes in."""

import pytest

from responsibilities.formats import MatrixFileError
from responsibilities.limits import check_import_size, human_size


def test_a_file_at_the_limit_passes_and_one_byte_over_is_refused_naming_both_sizes(settings):
    settings.RACI_MAX_IMPORT_BYTES = 1024 * 1024
    check_import_size(1024 * 1024, "ok.csv")

    with pytest.raises(MatrixFileError, match=r"^big.xlsx: the file is 5.0 MB, over the 1.0 MB limit for imports$"):
        check_import_size(5 * 1024 * 1024, "big.xlsx")


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 bytes"), (1023, "1023 bytes"), (1024, "1 KB"), (1536, "2 KB"), (5 * 1024 * 1024, "5.0 MB")],
)
def test_sizes_read_as_people_say_them(count, text):
    assert human_size(count) == text
