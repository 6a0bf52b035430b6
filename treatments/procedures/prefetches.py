"""How pages fetch the procedures they list, so that no card or link costs a query of its own."""

from django.db.models import Prefetch

from ..models import Treatment

# What a card shows: its picture too, from the renditions of the page's image.
CARD_FIELDS = ("title", "slug", "summary", "hero_image", "hero_image_width", "hero_image_height")
# What a link to a procedure shows.
LINK_FIELDS = ("title", "slug")


def published_treatments_prefetch(lookup, fields=CARD_FIELDS):
    return Prefetch(lookup, queryset=Treatment.objects.published().only(*fields))


def condition_options_prefetch(fields=CARD_FIELDS, related=(), prefetch=()):
    """A condition's published procedures, in the order guidance gives (their ConditionOption positions)."""
    published = (
        Treatment.objects.published()
        .order_by("conditionoption__position", "title")
        .select_related(*related)
        .prefetch_related(*prefetch)
    )
    return Prefetch("treatments", queryset=published.only(*fields) if fields else published)
