"""The committed API schema matches the code, and covers every route the mobile clients call."""

import difflib
import json
import re

import pytest
import yaml
from django.core.management import call_command

from tests.support import PRODUCTION_ENV, ROOT, run_python

SCHEMA_FILE = ROOT / "docs" / "openapi.yaml"
CONTRACT_FILE = ROOT / "docs" / "contract" / "mobile-client-routes.json"

# Areas whose endpoints have not landed on this branch yet. Their routes are
# expected to be missing (strict xfail: once an area lands, its routes XPASS
# and fail the run, which is the signal to delete the area from this set).
AREAS_NOT_YET_BUILT: set[str] = set()


def test_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--lang", "en", "--file", str(generated))
    committed, current = SCHEMA_FILE.read_text(), generated.read_text()
    if committed != current:
        diff = difflib.unified_diff(
            committed.splitlines(), current.splitlines(), "docs/openapi.yaml", "generated from the code", lineterm=""
        )
        pytest.fail(
            "docs/openapi.yaml is out of date with the code: run scripts/openapi and commit the result.\n"
            + "\n".join(list(diff)[:80]),
            pytrace=False,
        )


def _shape(path: str) -> str:
    """A path with every parameter blanked, so parameters match by position, whatever their name."""
    return re.sub(r"\{[^}/]+\}", "{}", path)


def _schema_operations() -> set[tuple[str, str]]:
    schema = yaml.safe_load(SCHEMA_FILE.read_text())
    http_methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return {
        (method.upper(), _shape(path))
        for path, item in (schema.get("paths") or {}).items()
        for method in item
        if method in http_methods
    }


def _contract_routes() -> list:
    routes = json.loads(CONTRACT_FILE.read_text())["routes"]
    params = []
    for route in routes:
        marks = []
        if route["area"] in AREAS_NOT_YET_BUILT:
            marks.append(pytest.mark.xfail(reason=f"area '{route['area']}' not built yet", strict=True))
        params.append(
            pytest.param(route["method"], route["path"], marks=marks, id=f"{route['method']} {route['path']}")
        )
    return params


def test_contract_copy_lists_routes():
    routes = json.loads(CONTRACT_FILE.read_text())["routes"]
    assert len(routes) > 0
    assert all({"method", "path", "area"} <= set(route) for route in routes)


def test_path_parameters_match_by_position_not_name():
    assert _shape("/api/tasks/{id}/complete/") == _shape("/api/tasks/{task_pk}/complete/")
    assert _shape("/api/tasks/{id}/") != _shape("/api/tasks/{id}/{x}/")


@pytest.mark.parametrize(("method", "path"), _contract_routes())
def test_mobile_client_route_is_in_the_schema(method, path):
    assert (method, _shape(path)) in _schema_operations(), f"{method} {path} is missing from docs/openapi.yaml"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/", "/api/schema/"])
def test_api_docs_are_served_outside_production(api_client, url):
    response = api_client.get(url, HTTP_ACCEPT="text/html,application/vnd.oai.openapi")
    assert response.status_code == 200


_RESOLVES = (
    "import django; django.setup()\n"
    "from django.urls import resolve, Resolver404\n"
    "for url in ('/api/docs/', '/api/redoc/', '/api/schema/'):\n"
    "    try:\n"
    "        resolve(url); print(url, 'served')\n"
    "    except Resolver404:\n"
    "        print(url, 'absent')\n"
)


def _resolve_in_production(extra: dict) -> str:
    result = run_python(["-c", _RESOLVES], {**PRODUCTION_ENV, **extra})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_api_docs_are_absent_in_production_by_default():
    out = _resolve_in_production({})
    assert out.split("\n")[:3] == ["/api/docs/ absent", "/api/redoc/ absent", "/api/schema/ absent"]


def test_api_docs_are_served_in_production_when_enabled():
    out = _resolve_in_production({"API_DOCS_ENABLED": "true"})
    assert out.split("\n")[:3] == ["/api/docs/ served", "/api/redoc/ served", "/api/schema/ served"]
