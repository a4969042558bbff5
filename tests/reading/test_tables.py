"""The matrix tables built in Python: the markup the template used to write, every text escaped."""

import re

import pytest
from django.template import engines
from django.utils import translation

from responsibilities.formats.matrix import Matrix, MatrixActivity, MatrixSection
from responsibilities.letters import letters_title
from responsibilities.reading.blocks import matrix_blocks
from responsibilities.reading.tables import matrix_sections_html

#: The loop version.html rendered before the tables were built in Python.
TEMPLATE_LOOP = (
    """{% load i18n raci %}{% for block in blocks %}
<section class="matrix-section depth-{{ block.depth }}">
<h{{ block.heading_level }} id="s-{{ block.label|slugify }}">"""
    """{{ block.label }} {{ block.title }}</h{{ block.heading_level }}>
{% if block.rows %}<table class="raci"><caption>{{ block.label }} {{ block.title }}</caption>
<thead><tr><th scope="col" class="activity">{% translate "Activity" %}</th>
{% for party in parties %}<th scope="col" class="party">{{ party }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in block.rows %}<tr><th scope="row" class="activity">{{ row.activity.text|linebreaksbr }}</th>
{% for letters in row.letters %}<td class="letters">{% if letters %}"""
    """<abbr title="{{ letters|letters_title }}">{{ letters }}</abbr>{% endif %}</td>{% endfor %}
</tr>{% endfor %}</tbody></table>{% endif %}</section>{% endfor %}"""
)

HOSTILE = "<script>alert('x')</script> & \"quoted\""


def _squeeze(html: str) -> str:
    """Markup without the whitespace between tags (the only difference allowed)."""
    return re.sub(r">\s+<", "><", html).strip()


def _matrix() -> Matrix:
    parties = ["Customer", "<b>Provider</b> & Co"]
    nested = MatrixSection(
        title=f"Nested {HOSTILE}",
        activities=[
            MatrixActivity(text="Line one\r\nline two\rline three\nend", cells={"Customer": "RA", parties[1]: "CI"}),
            MatrixActivity(text=HOSTILE, cells={"Customer": "", parties[1]: "RACI"}),
        ],
    )
    return Matrix(
        parties=parties,
        sections=[
            MatrixSection(title="Heading only", children=[nested]),
            MatrixSection(
                title="Flat", activities=[MatrixActivity(text="Plain", cells={"Customer": "R", parties[1]: "A"})]
            ),
        ],
        title="Test",
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_python_tables_are_the_markup_of_the_template_loop(language):
    matrix = _matrix()
    blocks = matrix_blocks(matrix)
    with translation.override(language):
        expected = engines["django"].from_string(TEMPLATE_LOOP).render({"blocks": blocks, "parties": matrix.parties})
        built = matrix_sections_html(blocks, matrix.parties)
    assert _squeeze(built) == _squeeze(expected)


def test_every_text_is_escaped():
    matrix = _matrix()
    html = matrix_sections_html(matrix_blocks(matrix), matrix.parties)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;" in html
    assert '<th scope="col" class="party">&lt;b&gt;Provider&lt;/b&gt; &amp; Co</th>' in html
    assert "Line one<br>line two<br>line three<br>end" in html
    assert '<td class="letters"></td>' in html
    assert '<abbr title="Responsible, Accountable, Consulted, Informed">RACI</abbr>' in html


def test_letter_titles_follow_the_language_of_the_request():
    matrix = _matrix()
    with translation.override("fr"):
        html = matrix_sections_html(matrix_blocks(matrix), matrix.parties)
        assert letters_title("RA") in html
    assert letters_title("RA") == "Responsible, Accountable"
    assert letters_title("RA") not in html
