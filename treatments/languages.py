"""The site's languages (settings.LANGUAGES): one page's address in each, for the switcher and hreflang links."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


@dataclass(frozen=True)
class PageLanguage:
    code: str
    name: str  # In its own language ("Español"): a patient looks for their language's own name.
    url: str  # Absolute, as hreflang links need.
    current: bool

    @property
    def locale(self):
        """For Open Graph: the clinic is in the US (en_US, es_US)."""
        return f"{self.code}_US"


def page_languages(request):
    """This page in every language, the current one included, in settings.LANGUAGES order.

    A page's query string goes with it (the options a compare page shows); a page reached by posting a form (a
    self-check's answers) is the same page unposted in the other language, as its answers are stored nowhere.
    """
    current = translation.get_language()
    path = request.get_full_path()
    return [
        PageLanguage(code, name, request.build_absolute_uri(translate_url(path, code)), code == current)
        for code, name in settings.LANGUAGES
    ]


def other_languages():
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
