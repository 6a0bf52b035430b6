"""The Spanish catalogue holds every string the code and templates mark for translation, and nothing else: what
`make translations` would add or take away, it has already."""

import os
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

CATALOGUE = Path(settings.BASE_DIR) / "locale"
ENTRY = re.compile(r'^(?:msgctxt "(?P<context>.*)"\n)?msgid "(?P<id>.*)"\n((?:".*"\n)*)', re.MULTILINE)


def msgids(po_file):
    """(context, msgid) of every entry but the header."""
    text = po_file.read_text(encoding="utf-8")
    found = set()
    for match in ENTRY.finditer(text):
        continued = "".join(re.findall(r'^"(.*)"$', match.group(3), re.MULTILINE))
        msgid = match.group("id") + continued
        if msgid:
            found.add((match.group("context"), msgid))
    return found


def test_the_catalogue_has_every_marked_string(tmp_path, settings):
    shutil.copytree(CATALOGUE, tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    cwd = os.getcwd()
    os.chdir(settings.BASE_DIR)  # makemessages reads the project from where it runs.
    try:
        call_command(
            "makemessages",
            locale=["es"],
            no_obsolete=True,
            no_location=True,
            ignore_patterns=[".venv", "staticfiles", "tests", "bench", "node_modules"],
            verbosity=0,
        )
    finally:
        os.chdir(cwd)
    shipped = msgids(CATALOGUE / "es" / "LC_MESSAGES" / "django.po")
    current = msgids(tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po")
    assert current - shipped == set(), "run `make translations` and translate the new strings"
    assert shipped - current == set(), "run `make translations`: these strings are no longer used"
