import struct

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings

from residences.models import ContractorSpecialty, ResidenceType, TaskFrequency, TaskPriority

pytestmark = pytest.mark.django_db

URL = "/api/static_data/"
LISTS = {
    "residence_types",
    "task_categories",
    "task_priorities",
    "task_frequencies",
    "contractor_specialties",
    "document_types",
}


def write_mo(path, translations: dict[str, str]) -> None:
    """A GNU .mo catalog (the format msgfmt writes), so the test needs no gettext tools."""
    entries = sorted({"": "Content-Type: text/plain; charset=UTF-8\n", **translations}.items())
    ids = [k.encode() for k, _ in entries]
    strs = [v.encode() for _, v in entries]
    header_size = 7 * 4
    table_size = len(entries) * 8
    offset = header_size + 2 * table_size
    id_table, str_table, blob = [], [], b""
    for value in ids:
        id_table.append((len(value), offset + len(blob)))
        blob += value + b"\0"
    for value in strs:
        str_table.append((len(value), offset + len(blob)))
        blob += value + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, len(entries), header_size, header_size + table_size, 0, 0)
    tables = b"".join(struct.pack("<2I", *pair) for pair in id_table + str_table)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + tables + blob)


@pytest.fixture
def spanish_catalog(tmp_path, settings):
    locale_dir = tmp_path / "locale"
    write_mo(locale_dir / "es" / "LC_MESSAGES" / "django.mo", {"House": "Casa", "Plumber": "Fontanero"})
    settings.LOCALE_PATHS = [locale_dir, *django_settings.LOCALE_PATHS]
    return locale_dir


def test_anyone_gets_every_lookup_list(api_client):
    response = api_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == LISTS
    assert len(body["residence_types"]) == ResidenceType.objects.count() > 0
    house = next(item for item in body["residence_types"] if item["key"] == "house")
    assert house == {"id": ResidenceType.objects.get(key="house").pk, "key": "house", "name": "House"}
    monthly = next(item for item in body["task_frequencies"] if item["key"] == "monthly")
    assert (monthly["days"], monthly["months"]) == (0, 1)
    assert [f["key"] for f in body["task_frequencies"]] == list(TaskFrequency.objects.values_list("key", flat=True))
    urgent = next(item for item in body["task_priorities"] if item["key"] == "urgent")
    assert urgent["level"] == TaskPriority.objects.get(key="urgent").level


def test_a_bad_token_does_not_matter(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_client.get(URL).status_code == 200


def test_response_carries_a_strong_etag_and_varies_by_language(api_client):
    response = api_client.get(URL)
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert "Accept-Language" in response["Vary"]
    assert api_client.get(URL)["ETag"] == etag


def test_matching_if_none_match_is_304_without_body(api_client):
    etag = api_client.get(URL)["ETag"]
    response = api_client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_none_match_with_a_list_or_weak_form_still_matches(api_client):
    etag = api_client.get(URL)["ETag"]
    assert api_client.get(URL, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304


def test_stale_etag_gets_the_full_body(api_client):
    response = api_client.get(URL, HTTP_IF_NONE_MATCH='"stale"')
    assert response.status_code == 200
    assert set(response.json()) == LISTS


def test_etag_differs_per_language(api_client):
    english = api_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    spanish = api_client.get(URL, HTTP_ACCEPT_LANGUAGE="es")
    assert english["Content-Language"] == "en"
    assert spanish["Content-Language"] == "es"
    assert english["ETag"] != spanish["ETag"]
    revalidate = api_client.get(URL, HTTP_ACCEPT_LANGUAGE="es", HTTP_IF_NONE_MATCH=english["ETag"])
    assert revalidate.status_code == 200


def test_names_follow_accept_language(api_client, spanish_catalog):
    spanish = api_client.get(URL, HTTP_ACCEPT_LANGUAGE="es").json()
    english = api_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").json()
    assert next(i["name"] for i in spanish["residence_types"] if i["key"] == "house") == "Casa"
    assert next(i["name"] for i in spanish["contractor_specialties"] if i["key"] == "plumber") == "Fontanero"
    assert next(i["name"] for i in english["residence_types"] if i["key"] == "house") == "House"


def test_seeding_refreshes_a_renamed_item_and_its_etag(api_client):
    ContractorSpecialty.objects.filter(key="plumber").update(name="Pipe fitter")
    renamed = api_client.get(URL)
    assert any(i["name"] == "Pipe fitter" for i in renamed.json()["contractor_specialties"])

    call_command("seed_static_data", stdout=open("/dev/null", "w"))  # noqa: SIM115

    response = api_client.get(URL, HTTP_IF_NONE_MATCH=renamed["ETag"])
    assert response.status_code == 200, "the cached copy was invalidated"
    assert response["ETag"] != renamed["ETag"]
    plumber = next(i for i in response.json()["contractor_specialties"] if i["key"] == "plumber")
    assert plumber["name"] == "Plumber"


def test_it_is_never_throttled(api_client, monkeypatch):
    from honeydue.api.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {**AnonRateThrottle.THROTTLE_RATES, "anon": "1/hour"})
    assert api_client.get("/api/residences/").status_code == 401  # the anon throttle is in force elsewhere
    assert [api_client.get(URL).status_code for _ in range(3)] == [200, 200, 200]


def test_it_works_when_redis_is_down(api_client, settings):
    cache = settings.CACHES["default"]
    if cache["BACKEND"] != "django_redis.cache.RedisCache":
        pytest.skip("needs REDIS_URL: the point is a real, unreachable Redis")
    settings.CACHES = {"default": {**cache, "LOCATION": "redis://127.0.0.1:6390/0"}}  # nothing listens there
    from django.core.cache import cache as live_cache

    assert live_cache.get("anything") is None  # the cache answers as a miss, not an error

    response = api_client.get(URL)
    assert response.status_code == 200
    assert set(response.json()) == LISTS
    assert api_client.get(URL, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    call_command("seed_static_data", stdout=open("/dev/null", "w"))  # noqa: SIM115  invalidation tolerates it too


@override_settings(LANGUAGE_CODE="en")
def test_head_is_allowed(api_client):
    assert api_client.head(URL).status_code == 200
