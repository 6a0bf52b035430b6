"""The search results page: /search/?q= (named treatments:search)."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, pgettext
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from ..models import Condition
from ..seo.page import Page, PageMixin, trail
from .backends import documents, search
from .excerpts import excerpt
from .forms import SearchForm
from .suggestions import suggestion
from .terms import SearchTerms

RESULTS_PER_PAGE = 10


# What someone searched for can be about their health: no cache, shared or the browser's, keeps it (no-store).
@method_decorator(never_cache, name="dispatch")
class SearchView(PageMixin, TemplateView):
    """Results for ?q=, best first, RESULTS_PER_PAGE a page (?page=); a helpful page for any query at all.

    Not a cached public page (page_cache.PUBLIC_PAGES): every query is a different page, and a list of
    them would fill the cache. Search engines are asked not to index it.
    """

    template_name = "treatments/search.html"
    # BadInputMiddleware lets a query string of any length through: this view cuts the query itself, and says so.
    cuts_long_queries = True

    def get_page(self):
        title = pgettext("the search page's title", "Search")
        return Page(
            title=title,
            description=gettext("Search our pages about vein conditions and treatments."),
            trail=trail((title, reverse("treatments:search"))),
            indexed=False,
        )

    def get_context_data(self, **kwargs):
        terms = SearchTerms.parse(self.request.GET.get("q", ""))
        context = {"terms": terms, "search_query": terms.text, "search_form": SearchForm(initial={"q": terms.text})}
        if terms.has_words:
            hits = search(terms)
            page = Paginator(hits, RESULTS_PER_PAGE).get_page(self.request.GET.get("page"))
            results = [(document, excerpt(document.texts, terms.any_word)) for document in documents(page)]
            context.update(results=results, page_obj=page, result_count=len(hits))
        if not context.get("results"):
            context["conditions"] = Condition.objects.all()  # Somewhere to go from a search that found nothing.
            context["suggestion"] = suggestion(terms) if terms.has_words else ""
        return super().get_context_data(**context, **kwargs)
