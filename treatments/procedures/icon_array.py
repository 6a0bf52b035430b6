"""Icon arrays: a chance drawn as 100 (or 1,000) small dots, the ones it happened to filled in.

Drawn on the server as SVG, so they print and need no script; each says its numbers in words for screen
readers (role="img" with an accessible name), and the cell beside it says them again in text. Dots fill in
reading order, row by row, so "94 out of 100" is 9 full rows and 4 dots, as people count them.
"""

from django.utils.html import format_html, format_html_join

# Columns for each denominator: 10 x 10, or 40 x 25 for 1,000.
COLUMNS = {100: 10, 1000: 40}
PITCH = 10  # Distance between dot centres, in the drawing's own units.
RADIUS = 4


def icon_array(count, denominator, label):
    """SVG markup of `count` marked dots out of `denominator`, named `label` for assistive technology."""
    if denominator not in COLUMNS or not 0 <= count <= denominator:
        raise ValueError(f"Cannot draw {count} out of {denominator}.")
    columns = COLUMNS[denominator]
    rows = denominator // columns
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="{}"{}/>',
        (
            (
                PITCH * (index % columns) + PITCH // 2,
                PITCH * (index // columns) + PITCH // 2,
                RADIUS,
                format_html(' class="{}"', "marked") if index < count else "",
            )
            for index in range(denominator)
        ),
    )
    return format_html(
        '<svg class="icon-array" role="img" aria-label="{}" viewBox="0 0 {} {}" data-marked="{}" '
        'data-out-of="{}"><title>{}</title>{}</svg>',
        label,
        PITCH * columns,
        PITCH * rows,
        count,
        denominator,
        label,
        dots,
    )
