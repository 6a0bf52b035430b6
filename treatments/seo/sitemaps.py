from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max
from django.urls import reverse

from ..models import Condition, Specialist, Treatment


class Sitemap(DjangoSitemap):
    """Every page once in each language (settings.LANGUAGES), each entry naming the others as its alternates
    (hreflang), and English as the page for any other language (x-default)."""

    i18n = True
    alternates = True
    x_default = True


class StaticPageSitemap(Sitemap):
    """Pages made of lists: they change when what they list changes."""

    def items(self):
        return ["treatments:home", "treatments:list", "treatments:specialists", "treatments:visit", "treatments:costs"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        treatments = Treatment.objects.published().aggregate(last=Max("updated"))["last"]
        if item == "treatments:list":
            return treatments
        conditions = Condition.objects.aggregate(last=Max("updated"))["last"]
        return max(filter(None, [treatments, conditions]), default=None)


class TreatmentSitemap(Sitemap):
    def items(self):
        return Treatment.objects.published().only("slug", "updated")

    def lastmod(self, treatment):
        return treatment.updated


class ConditionSitemap(Sitemap):
    def items(self):
        return Condition.objects.only("slug", "updated")

    def lastmod(self, condition):
        return condition.updated


class SpecialistSitemap(Sitemap):
    def items(self):
        return Specialist.objects.public().exclude(slug=None).only("slug")


SITEMAPS = {
    "pages": StaticPageSitemap,
    "treatments": TreatmentSitemap,
    "conditions": ConditionSitemap,
    "specialists": SpecialistSitemap,
}
