"""The catalogue: every service with a published version, filtered by family and words."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..filters import ServiceFilter
from ..models import Service
from ..reading.page import vary_for_readers


@require_safe
def catalogue(request):
    service_filter = ServiceFilter(request.GET or None, queryset=Service.objects.listed().with_summary())
    services = service_filter.qs if service_filter.is_bound else service_filter.queryset
    context = {"services": services, "filter": service_filter}
    response = render(request, "responsibilities/catalogue.html", context, status=400 if service_filter.errors else 200)
    return vary_for_readers(response)
