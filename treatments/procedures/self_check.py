"""The "Is this right for me?" self-check on a procedure page, built from the page's own rows.

First an urgent-care check from the "call 911 now" warning signs, then a question for each row of
"It may suit you if" and "It may not be right for you if", each answered yes, no, or "I don't know / not
scanned yet" (much of it only a scan can tell). The answers lead to plain guidance: it guides, it never
diagnoses, and it never says "you are a candidate".

decide() is the one place that decides. The page is cached and shared, so nothing in it is per visitor:
- with JavaScript (static/js/self-check.js) the outcome is shown in place, from <template> copies of
  GUIDANCE rendered into the page, following the same rule: the first guidance, in GUIDANCE's order,
  that a "yes" to one of its kind of question leads to, or that every question of its kind answered "yes"
  leads to, else the last;
- without it, the form posts to SelfCheckView (tool_views.py), which stores nothing, logs nothing of the
  answers and shows the outcome above the questions, answers kept.
"""

from dataclasses import dataclass, field, replace

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

YES, NO, UNSURE = "yes", "no", "unsure"

# What a question is about, and so what a "yes" to it can lead to.
URGENT = "urgent"  # The warning signs: a "yes" means get help now.
SUITS = "suits"  # A row of "It may suit you if": a "yes" changes nothing, a consultation decides.
NOT_RIGHT = "not_right"  # A row of "It may not be right for you if": a "yes" is worth mentioning.

URGENT_QUESTION = _("Do you have any of these signs right now?")
ANSWERS = ((YES, _("Yes")), (NO, _("No")), (UNSURE, _("I don't know / not scanned yet")))


@dataclass(frozen=True)
class Question:
    name: str  # The form field: "urgent", or the list's name and the row's id ("candidates-12").
    kind: str
    text: str  # The legend: the row in the patient's voice (SelfCheckItem.statement), or URGENT_QUESTION.
    signs: tuple[str, ...] = ()  # The urgent check's warning signs, listed under its question.
    answer: str = ""  # YES, NO or UNSURE once answered: the self-check page shows the answers given.


@dataclass(frozen=True)
class Group:
    """Questions shown together, under their list's heading on the page (none for the urgent check)."""

    kind: str
    heading: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Guidance:
    """One outcome. A "yes" to a question of kind `when_yes`, or a "yes" to every question of kind
    `when_all_yes`, leads here, unless an earlier one applies."""

    name: str
    heading_text: str  # Marked with gettext_lazy, as is message_text: `heading` and `message` say them as text.
    message_text: str
    when_yes: str = ""
    when_all_yes: str = ""  # Both empty: the outcome when no other applies (GUIDANCE's last).
    emergency_advice: bool = False  # Shows the clinic's emergency advice first, with a button to call 911.
    lists_answers: bool = False  # Lists the questions answered "yes" that led here.

    @property
    def heading(self):
        return str(self.heading_text)

    @property
    def message(self):
        return str(self.message_text)


GUIDANCE = (
    Guidance(
        "get-help",
        _("Get help now"),
        _("You said you have a warning sign now. Get help first. You can ask us for a consultation later."),
        when_yes=URGENT,
        emergency_advice=True,
    ),
    Guidance(
        "mention",
        _("Some answers mean this may not be suitable"),
        _("Please mention them at your consultation:"),
        when_yes=NOT_RIGHT,
        lists_answers=True,
    ),
    Guidance(
        "fits",
        _("Your answers match who this usually suits"),
        _(
            "That is a good start, not a yes. A specialist still needs to talk with you and scan your veins. "
            "Then you can decide together, with the other options in mind."
        ),
        when_all_yes=SUITS,
    ),
    Guidance(
        "consultation",
        _("A consultation can tell you whether this suits you"),
        _("Only a specialist can say, after they talk with you and check your veins."),
    ),
)


@dataclass(frozen=True)
class Questions:
    """One procedure's self-check: its groups of questions, in page order, and where the form posts."""

    action: str
    groups: tuple[Group, ...]
    # For the template and the script: the outcomes, the answers' values and labels, the urgent check's kind.
    guidance: tuple[Guidance, ...] = GUIDANCE
    choices: tuple[tuple[str, str], ...] = ANSWERS
    yes: str = YES
    unsure: str = UNSURE
    urgent_kind: str = URGENT
    compare: tuple[tuple[str, str], ...] = ()  # (condition, its compare page) for each condition it treats.

    @property
    def all(self):
        return [question for group in self.groups for question in group.questions]

    def answered(self, answers):
        """The same questions, each with its answer from `answers` (question name -> an answer), to show again."""
        groups = tuple(
            replace(group, questions=tuple(replace(q, answer=answers.get(q.name, "")) for q in group.questions))
            for group in self.groups
        )
        return replace(self, groups=groups)


def questions(treatment, urgent, suits, not_right):
    """The treatment's self-check, from three of its declared lists (List parts of structure.py)."""
    signs = tuple(row.entry.text for row in urgent.content(treatment) if row.entry.is_emergency)
    groups = [Group(URGENT, "", (Question(URGENT, URGENT, URGENT_QUESTION, signs),))] if signs else []
    for kind, part in ((SUITS, suits), (NOT_RIGHT, not_right)):
        rows = tuple(Question(f"{part.related_name}-{row.pk}", kind, row.statement) for row in part.content(treatment))
        if rows:
            groups.append(Group(kind, part.heading, rows))
    compare = tuple(
        (condition.name, reverse("treatments:compare", args=[condition.slug]))
        for condition in treatment.conditions.all()
    )
    return Questions(reverse("treatments:self_check", args=[treatment.slug]), tuple(groups), compare=compare)


@dataclass(frozen=True)
class Result:
    guidance: Guidance
    answers: dict[str, str]  # Question name -> YES, NO or UNSURE; a question not answered is not in it.
    listed: list[Question] = field(default_factory=list)  # The "yes" answers the guidance lists.
    unanswered: list[Question] = field(default_factory=list)
    unsure: list[Question] = field(default_factory=list)  # Answered "I don't know / not scanned yet".
    total: int = 0  # How many questions the self-check asked.

    @property
    def urgent_unanswered(self):
        """The warning signs were not answered, or answered "I don't know": the emergency advice is repeated."""
        return any(question.kind == URGENT for question in self.unanswered + self.unsure)


def decide(check, data):
    """What the answers (a form's data: question name -> "yes", "no" or "unsure") lead to.

    Anything else is as if not answered: a missing answer, another value, a name that is not one of this page's
    questions (a row deleted since the page was read, or a tampered form).
    """
    answers = {question.name: data.get(question.name) for question in check.all}
    answers = {name: answer for name, answer in answers.items() if answer in (YES, NO, UNSURE)}
    said_yes = [question for question in check.all if answers.get(question.name) == YES]

    def leads_here(guidance):
        if guidance.when_yes:
            return any(question.kind == guidance.when_yes for question in said_yes)
        if guidance.when_all_yes:
            of_kind = [question for question in check.all if question.kind == guidance.when_all_yes]
            return bool(of_kind) and all(answers.get(question.name) == YES for question in of_kind)
        return True

    guidance = next(g for g in GUIDANCE if leads_here(g))
    return Result(
        guidance=guidance,
        answers=answers,
        listed=[question for question in said_yes if question.kind == guidance.when_yes]
        if guidance.lists_answers
        else [],
        unanswered=[question for question in check.all if question.name not in answers],
        unsure=[question for question in check.all if answers.get(question.name) == UNSURE],
        total=len(check.all),
    )
