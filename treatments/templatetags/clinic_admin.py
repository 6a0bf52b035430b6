from django import template

from treatments import go_live, waiting_on_staff
from treatments.models import ClinicDetails
from treatments.models.procedures import REVIEW_DUE_SOON_DAYS

register = template.Library()

# The "Waiting" panel lists this many requests, those waiting longest; the new-requests line links to them all.
WAITING_PANEL_ROWS = 20


@register.simple_tag(takes_context=True)
def go_live_problems(context):
    """What must be replaced before going live, for staff who can edit content; server settings for superusers."""
    user = context["request"].user
    if not user.has_perm("treatments.change_treatment"):
        return []
    return go_live.problems(server_settings=user.is_superuser)


@register.simple_tag(takes_context=True)
def review_due_panel(context):
    """Pages whose medical review is past or near, most urgent first, for staff who can edit procedures."""
    if not context["request"].user.has_perm("treatments.change_treatment"):
        return None
    return {"reviews": waiting_on_staff.reviews_due(), "soon_days": REVIEW_DUE_SOON_DAYS}


@register.simple_tag(takes_context=True)
def waiting_panel(context):
    """New requests nobody has contacted yet, oldest first, for staff who can see requests: the reference, the
    first name and what they asked about, and how long they have waited; never contact details."""
    request = context["request"]
    if not request.user.has_perm("treatments.view_consultationrequest"):
        return None
    clinic = ClinicDetails.for_request(request)
    waiting = waiting_on_staff.waiting_requests(clinic=clinic)
    return {
        "count": len(waiting),
        "requests": waiting[:WAITING_PANEL_ROWS],
        "not_shown": max(len(waiting) - WAITING_PANEL_ROWS, 0),
        "late": sum(waiting_request.overdue for waiting_request in waiting),
        "promise": clinic.reply_within,
    }
