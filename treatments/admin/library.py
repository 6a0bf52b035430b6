"""The libraries pages share: sources, warning signs, shared passages, words explained and illustrations, each stored
once and shown on every page that uses it, so one edit reaches them all. Each says where it is used."""

from django.contrib import admin
from django.db.models import Count

from ..images import ResponsiveImageField
from ..models import Illustration
from ..models.procedures import Reference, SharedPassage, Sign, Word
from .images import ImageWithThumbnail
from .revisions import RevisionsAdmin
from .translated import TranslatedFieldsAdmin


class UsedOnPagesAdmin(RevisionsAdmin, TranslatedFieldsAdmin, admin.ModelAdmin):
    """A library entry, with how many pages show it (`pages` names the reverse relation to its rows)."""

    pages = None

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_count=Count(self.pages, distinct=True))

    @admin.display(description="pages that show it", ordering="page_count")
    def used_on(self, obj):
        return obj.page_count


@admin.register(Reference)
class ReferenceAdmin(UsedOnPagesAdmin):
    list_display = ("title", "publisher", "year_label", "used_on")
    list_filter = ("publisher", "year_is_read")
    search_fields = ("title", "publisher", "url")
    pages = "citations"

    @admin.display(description="year", ordering="year")
    def year_label(self, obj):
        return obj.year_label


@admin.register(Sign)
class SignAdmin(UsedOnPagesAdmin):
    list_display = ("text", "urgency", "used_on")
    list_filter = ("urgency",)
    search_fields = ("text",)
    pages = "pages"


@admin.register(SharedPassage)
class SharedPassageAdmin(UsedOnPagesAdmin):
    list_display = ("name", "section", "used_on")
    search_fields = ("name", "text")
    pages = "treatments"


@admin.register(Word)
class WordAdmin(RevisionsAdmin, TranslatedFieldsAdmin, admin.ModelAdmin):
    """A word is shown on every page whose text uses it, so there is no list of pages to keep: write it and it
    appears."""

    list_display = ("word", "meaning")
    search_fields = ("word", "other_forms", "meaning")
    prepopulated_fields = {"slug": ("word",)}


@admin.register(Illustration)
class IllustrationAdmin(UsedOnPagesAdmin):
    """A picture that explains: one of the site's drawings, or an uploaded image, with its words for those who cannot
    see it."""

    list_display = ("name", "title", "drawing", "used_on")
    search_fields = ("name", "title", "description")
    formfield_overrides = {ResponsiveImageField: {"widget": ImageWithThumbnail}}
    pages = "treatments"
