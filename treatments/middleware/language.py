"""The language of a page is the one its address names (/es/... Spanish; otherwise English), and nothing else.

Not Django's LocaleMiddleware: that one also reads a cookie and the browser's Accept-Language header for
addresses without a prefix, which would make one address answer in two languages (and add Vary: Accept-Language,
splitting every cache by each browser's list of languages). Here an address is one page in one language: a
patient changes language with the switcher on every page, and links and search engines always get what they saw.
"""

from django.conf import settings
from django.utils import translation

from . import Middleware


class PathLanguageMiddleware(Middleware):
    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response
