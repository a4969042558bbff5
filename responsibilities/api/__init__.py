"""The API for integrators under ``/api/v1/`` (Django REST framework), one module per concern.

| module | holds |
| --- | --- |
| ``urls`` | the API's URLs, its OpenAPI schema (``/api/schema/``) and reference (``/api/docs/``) |
| ``reading`` | the read views: services, versions, one version, the version as of a date, a diff |
| ``pipelines`` | the write views for pipelines with a token: import into the draft, publish it |
| ``documents`` | a diff and an import report as JSON-ready data (a version is ``reading.page.version_document``) |
| ``serializers`` | services, versions and the publish request (DRF serializers) |
| ``schema`` | the OpenAPI components of the documents above, and the error shape |
| ``http`` | ETag and 304 on every read |
| ``errors`` | every error as ``{"detail": …, "errors": {field: […]}}``, with the admin's messages |
| ``throttling`` | request rates per anonymous address and per token, counted in the cache |

Tokens: ``manage.py api_token USERNAME``, or the admin (``admin.tokens``).
"""
