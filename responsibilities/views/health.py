"""``/healthz`` for load balancers: 200 when the app and its database answer, 503 otherwise."""

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """Answer 200 "ok" when the database answers (for load balancers), 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    # Load balancers often probe with HEAD, which must carry no body (RFC 9110).
    return HttpResponse("" if request.method == "HEAD" else "ok", content_type="text/plain")
