"""Every string the accounts app adds is translated in each supported language, and the .mo is current."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _entries(lang: str) -> list[str]:
    text = (LOCALE_DIR / lang / "LC_MESSAGES" / "django.po").read_text()
    return [e for e in text.strip().split("\n\n")[1:] if not e.startswith("#~")]


def _msgid(entry: str) -> str:
    block = re.search(r'^msgid (".*?")\n(?:msgid_plural|msgstr)', entry, re.MULTILINE | re.DOTALL).group(1)
    return "".join(re.findall(r'"(.*)"', block)).replace('\\"', '"')


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_is_translated(lang):
    entries = _entries(lang)
    assert len(entries) > 30
    for entry in entries:
        assert "#, fuzzy" not in entry, entry
        assert not re.search(r'^msgstr(\[\d\])? ""$(?!\n")', entry, re.MULTILINE), f"untranslated in {lang}: {entry}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalog_matches_the_po_file(lang):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    compiled_ids = {key[0] if isinstance(key, tuple) else key for key in catalog} - {""}
    assert compiled_ids == {_msgid(entry) for entry in _entries(lang)}
