"""Pictures that explain: every procedure's "How it works" and every condition page shows at least one, drawn for
this site, named and described for people who cannot see it, and loaded from nowhere but the site itself."""

import re
import xml.etree.ElementTree as ElementTree

import pytest

from treatments.models import Condition, Illustration, Treatment
from treatments.models.illustrations import DRAWINGS_DIR

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
IMAGES = re.compile(r"<img\b[^>]*>")


def shown_illustrations(html):
    return re.findall(r'<figure class="illustration">(.*?)</figure>', html, re.DOTALL)


def test_every_procedure_and_condition_page_shows_a_described_illustration(client, clinic_content):
    pages = [
        *(t.get_absolute_url() for t in Treatment.objects.published()),
        *(c.get_absolute_url() for c in Condition.objects.all()),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        if url.startswith("/treatments/"):
            html = html.split('<section id="how-it-works"', 1)[1].split("</section>", 1)[0]
        figures = shown_illustrations(html)
        assert figures, url
        for figure in figures:
            image = IMAGES.search(figure).group()
            assert re.search(r'alt="[^"]{10,}"', image), (url, image)
            assert re.search(r"<figcaption>[^<]{40,}</figcaption>", figure), (url, figure)
            assert re.search(r'src="/(?:static|media)/', image) and "//" not in image.split('src="', 1)[1].split('"')[0]


def test_every_drawing_is_the_sites_own_svg_with_a_title_a_description_and_nothing_from_elsewhere(clinic_content):
    drawings = {illustration.drawing for illustration in Illustration.objects.exclude(drawing="")}
    assert drawings and drawings <= {path.name for path in DRAWINGS_DIR.glob("*.svg")}
    for path in DRAWINGS_DIR.glob("*.svg"):
        text = path.read_text(encoding="utf-8")
        root = ElementTree.fromstring(text)
        children = list(root)
        assert children[0].tag == f"{SVG}title" and children[0].text.strip(), path.name
        assert children[1].tag == f"{SVG}desc" and children[1].text.strip(), path.name
        assert not re.search(r"<script|<foreignObject|href=|url\((?!#)|@import|<image|<text", text), path.name
        assert "width=" not in text.split(">", 1)[0].replace("stroke-width", ""), path.name  # It scales to the page.
