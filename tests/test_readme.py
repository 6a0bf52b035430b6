"""The README documents every environment variable settings.py reads, and nothing it does not."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


VARIABLE_READ = re.compile(r'(?:environ\.get|env_bool|env_list)\(\s*"([A-Z_]+)"|env="([A-Z_]+)"')


def settings_variables():
    source = (ROOT / "clinic_site" / "settings.py").read_text()
    return {name for match in VARIABLE_READ.findall(source) for name in match if name}


def readme_variables():
    section = (ROOT / "README.md").read_text().split("## Settings", 1)[1].split("\n## ", 1)[0]
    table_rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in table_rows for name in re.findall(r"`([A-Z][A-Z_]+)`", row.split("|")[1])}


def test_readme_settings_table_lists_every_variable_settings_reads():
    assert settings_variables(), "no variables found: has settings.py changed how it reads them?"
    assert readme_variables() == settings_variables()
