"""Build a service with a few published versions (and a draft) for the history page tests."""

import datetime

from responsibilities.models import Assignment
from responsibilities.services import draft_start, version_publish
from tests.factories import ServiceFactory, make_version

DATES = [datetime.date(2022, 11, 17), datetime.date(2023, 3, 1), datetime.date(2024, 2, 29)]


def publish_next(service, *, summary, last_updated, reword=None, shift=False):
    """Start a draft, change it a little, publish it; return the new version."""
    draft = draft_start(service=service)
    activities = list(draft.activities.order_by("section__order", "order"))
    if reword:
        activities[0].text = reword
        activities[0].save()
    if shift:
        # Activity 2 (OVHcloud RA, Customer I) becomes Customer RA, OVHcloud I.
        target = activities[1]
        customer, provider = draft.parties.order_by("order")
        Assignment.objects.filter(activity=target).delete()
        Assignment.objects.bulk_create(
            [
                Assignment(activity=target, party=customer, letters="RA"),
                Assignment(activity=target, party=provider, letters="I"),
            ]
        )
    return version_publish(draft=draft, summary=summary, last_updated=last_updated)


def three_versions(activities=10, *, with_draft=True, slug="email-pro"):
    service = ServiceFactory(name="Email Pro", slug=slug)
    v1 = make_version(service=service, activities=activities, last_updated=DATES[0], summary="First publication")
    v2 = publish_next(
        service, summary="Reworded the first row", last_updated=DATES[1], reword="Activity number one, clarified"
    )
    v3 = publish_next(service, summary="The customer now runs activity 2", last_updated=DATES[2], shift=True)
    draft = None
    if with_draft:
        draft = draft_start(service=service)
        first = draft.activities.order_by("section__order", "order").first()
        first.text = "SECRET DRAFT WORDING"
        first.save()
    service.refresh_from_db()
    return service, [v1, v2, v3], draft
