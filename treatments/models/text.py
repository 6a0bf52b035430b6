"""Help text shared by every model that staff write prose in."""

PARAGRAPHS_HELP = "Plain text, no HTML. Leave a blank line between paragraphs."
