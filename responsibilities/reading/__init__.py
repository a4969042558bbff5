"""What a reader of one version sees, computed from its plain matrix already in memory (no query).

| module | holds |
| --- | --- |
| ``blocks`` | the matrix laid out for reading: numbered sections with their rows' letters |
| ``tables`` | those sections as HTML tables, built in Python (same markup as a template loop) |
| ``diff_tables`` | the diff page's table rows, built in Python likewise |
| ``responsibility_summary`` | per party, how many activities it holds each letter for |
| ``page`` | the version page's reading context (filters, counts, summary) and its JSON answer |
"""
