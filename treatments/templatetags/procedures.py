from django import template
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from treatments.models.procedures import FREQUENCY_KEY
from treatments.procedures import words as words_explained
from treatments.procedures.forms import ProcedureDateForm, SelfCheckForm

register = template.Library()


@register.tag
def link_first_uses(parser, token):
    """{% link_first_uses words %}...{% end_link_first_uses %}: the first use of each word inside is linked to its
    explanation under "Words used on this page"."""
    _, words = token.split_contents()
    nodelist = parser.parse(("end_link_first_uses",))
    parser.delete_first_token()
    return FirstUsesNode(nodelist, template.Variable(words))


class FirstUsesNode(template.Node):
    def __init__(self, nodelist, words):
        self.nodelist = nodelist
        self.words = words

    def render(self, context):
        return words_explained.link_first_uses(self.nodelist.render(context), self.words.resolve(context))


@register.simple_tag(takes_context=True)
def shown_sections(context, sections):
    """[(section, its parts rendered)] for each section with words to read: a section whose parts are all empty
    (no benefits listed yet, say) is left out of the page and its contents list, rather than shown as a bare heading."""
    shown = []
    for section, parts in sections:
        html = []
        for bound in parts:
            with context.push(bound=bound, content=bound.content):
                html.append(context.template.engine.get_template(bound.template).render(context))
        body = "".join(html)
        if strip_tags(body).strip():
            shown.append((section, mark_safe(body)))  # noqa: S308 - rendered by the site's own templates.
    return shown


@register.simple_tag
def frequency_key():
    """(label, meaning) of each frequency band a risk can have, most common first: the key on every procedure page."""
    return [(frequency.label, meaning) for frequency, meaning in FREQUENCY_KEY.items()]


@register.simple_tag
def signs_by_urgency(rows):
    """A page's warning-sign rows as {urgency: [sign, ...]}, each box's signs in the page's order."""
    boxes = {}
    for row in rows:
        boxes.setdefault(row.sign.urgency, []).append(row.sign)
    return boxes


@register.simple_tag
def aftercare_date_form(treatment, form=None, plan=None):
    """The aftercare plan's date form for this procedure: blank on its page; on the plan page, what was sent (to
    fix it) or the plan's date (to change it)."""
    if plan:
        form = ProcedureDateForm(initial={"procedure_date": plan.procedure_date})
    return (form or ProcedureDateForm()).for_page(treatment, changing=bool(plan))


@register.simple_tag
def calendar_form(treatment, plan):
    return ProcedureDateForm(initial={"procedure_date": plan.procedure_date}).for_calendar(treatment)


@register.simple_tag
def self_check_form(questions, own_page=False):
    return SelfCheckForm(questions, own_page=bool(own_page))
