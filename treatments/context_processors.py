from django.utils.functional import SimpleLazyObject

from .languages import page_languages
from .models import ClinicDetails


def clinic(request):
    """The clinic's details for every template, read only by pages that use them."""
    return {"clinic": SimpleLazyObject(lambda: ClinicDetails.for_request(request))}


def languages(request):
    """This page in each language: the switcher's links (the others) and the head's hreflang alternates (all)."""
    return {"page_languages": SimpleLazyObject(lambda: page_languages(request))}
