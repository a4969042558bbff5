"""Public pages, read-only, one module per page; each built from a fixed number of queries.

| module | page |
| --- | --- |
| ``catalogue`` | ``/``: services with their current version |
| ``version`` | ``/services/<slug>/`` and ``/services/<slug>/versions/<n>/`` (HTML or JSON) |
| ``history`` | ``/services/<slug>/versions/`` and ``/services/<slug>/as-of/<day>/`` |
| ``diff`` | ``/services/<slug>/diff/<a>/<b>/`` |
| ``downloads`` | ``/services/<slug>/versions/<n>.<format>`` |
| ``feeds`` | Atom feeds, per service and site-wide |
| ``health`` | ``/healthz`` |
| ``lookup`` | which published version a URL shows (drafts are never found) |
| ``language`` | which of its languages a version URL shows (``?lang=``, else the interface language) |
| ``standing`` | where a version stands: the "superseded" banner and its links |
"""
