from django import template

from treatments import go_live
from treatments.models import ConsultationRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def new_consultation_count(context):
    """How many requests await the front desk, for staff allowed to see them."""
    if not context["request"].user.has_perm("treatments.view_consultationrequest"):
        return None
    return ConsultationRequest.objects.filter(status=ConsultationRequest.Status.NEW).count()


@register.simple_tag(takes_context=True)
def go_live_problems(context):
    """What must be replaced before going live, for staff who can edit content."""
    if not context["request"].user.has_perm("treatments.change_treatment"):
        return []
    return go_live.problems()
