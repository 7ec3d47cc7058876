from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from residences.models import TaskFrequency

ROOT = Path(settings.BASE_DIR)
SUPPORTED = {code for code, _ in settings.LANGUAGES}
CATALOG_DIRS = [ROOT / "locale", *sorted(p for p in ROOT.glob("*/locale") if p.parent.name != ".venv")]


def test_settings_list_the_five_supported_locales():
    assert SUPPORTED == {"en", "es", "fr", "de", "pt"}


@pytest.mark.parametrize("catalog_dir", CATALOG_DIRS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_locale_folder_is_a_supported_language(catalog_dir):
    present = {p.name for p in catalog_dir.iterdir() if p.is_dir()}
    assert present <= SUPPORTED, f"{catalog_dir} has catalogs for unsupported languages: {present - SUPPORTED}"


@pytest.mark.parametrize("language", sorted(SUPPORTED - {"en"}))
def test_project_catalog_is_complete_and_compiled(language):
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    source = polib.pofile(str(folder / "django.po"))
    compiled = polib.mofile(str(folder / "django.mo"))
    assert not source.untranslated_entries(), [e.msgid for e in source.untranslated_entries()]
    assert not source.fuzzy_entries(), [e.msgid for e in source.fuzzy_entries()]
    compiled_map = {e.msgid: e.msgstr for e in compiled}
    stale = [e.msgid for e in source.translated_entries() if compiled_map.get(e.msgid) != e.msgstr]
    assert not stale, f"django.mo is stale for {language}; run compilemessages: {stale[:5]}"


@pytest.mark.parametrize("catalog_dir", CATALOG_DIRS[1:], ids=lambda p: str(p.relative_to(ROOT)))
def test_app_catalogs_are_compiled(catalog_dir):
    for po_path in catalog_dir.glob("*/LC_MESSAGES/django.po"):
        compiled_map = {e.msgid: e.msgstr for e in polib.mofile(str(po_path.with_suffix(".mo")))}
        stale = [
            e.msgid for e in polib.pofile(str(po_path)).translated_entries() if compiled_map.get(e.msgid) != e.msgstr
        ]
        assert not stale, f"{po_path.with_suffix('.mo')} is stale; run compilemessages: {stale[:5]}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Not found."),
        ("es", "No encontrado."),
        ("fr", "Introuvable."),
        ("de", "Nicht gefunden."),
        ("pt", "Não encontrado."),
    ],
)
def test_error_messages_follow_accept_language(api_client, language, expected):
    response = api_client.get("/api/no-such-thing/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.json()["error"]["message"] == expected


@pytest.mark.django_db
def test_static_data_names_are_translated():
    monthly = TaskFrequency.objects.get(key="monthly")
    with translation.override("de"):
        assert monthly.localized_name == "Monatlich"
    with translation.override("en"):
        assert monthly.localized_name == "Monthly"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "Compartir una vivienda requiere un plan Pro."),
        ("fr", "Partager un logement nécessite la formule Pro."),
        ("de", "Zum Teilen eines Zuhauses brauchst du Pro."),
        ("pt", "Compartilhar uma residência requer o plano Pro."),
    ],
)
def test_domain_messages_follow_accept_language(make_client, language, expected):
    from accounts.tests.factories import UserFactory
    from residences.tests.factories import ResidenceFactory

    owner = UserFactory()
    residence = ResidenceFactory(owner=owner)
    response = make_client(owner).post(f"/api/residences/{residence.pk}/share-code/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert response.json()["error"] == {"code": "upgrade_required", "message": expected}
