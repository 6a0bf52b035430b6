from django.utils.functional import SimpleLazyObject

from .models import ClinicDetails


def clinic(request):
    """The clinic's details for every template, read only by pages that use them."""
    return {"clinic": SimpleLazyObject(lambda: ClinicDetails.for_request(request))}
