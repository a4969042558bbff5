"""One matrix, many languages: the words of a published version in other languages, never its letters.

| module | holds |
| --- | --- |
| ``languages`` | language codes as documentation file names write them (``en-gb``, ``fr-ca``), their names |
| ``models`` | ``Translation`` (one revision of one language of one published version), its texts, their freeze |
| ``reading`` | a version in a language (``matrix_in_language``), a version's languages (``version_languages``) |
| ``pairing`` | a translated page paired with its source row by row: disagreements, or where the structure differs |

Writes (import, edit, publish a translation) live in ``services.translating``.
"""
