"""The container image, the compose stack and the health checks are wired as operations expects."""

import os
import re
import subprocess
import sys
import time
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader

import pytest
import yaml

from tests.support import ROOT

COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["api", "ws", "worker", "beat"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()


def _load_healthcheck():
    loader = SourceFileLoader("healthcheck", str(ROOT / "scripts" / "healthcheck"))
    module = module_from_spec(spec_from_loader("healthcheck", loader))
    loader.exec_module(module)
    return module


healthcheck = _load_healthcheck()


# --- compose ----------------------------------------------------------------------


def test_compose_has_every_process_of_the_stack():
    assert set(SERVICES) == {"postgres", "redis", "migrate", "api", "ws", "worker", "beat", "proxy"}


@pytest.mark.parametrize("name", [*APP_SERVICES, "postgres", "redis", "proxy"])
def test_every_long_running_service_has_a_health_check(name):
    assert SERVICES[name]["healthcheck"]["test"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_processes_start_after_migrations_succeeded_and_backends_are_healthy(name):
    depends = SERVICES[name]["depends_on"]
    assert depends["migrate"] == {"condition": "service_completed_successfully"}
    assert depends["postgres"] == {"condition": "service_healthy"}
    assert depends["redis"] == {"condition": "service_healthy"}


def test_proxy_waits_for_healthy_api_and_websockets():
    assert SERVICES["proxy"]["depends_on"] == {
        "api": {"condition": "service_healthy"},
        "ws": {"condition": "service_healthy"},
    }


def test_api_is_gunicorn_and_websockets_are_daphne_without_a_time_limit():
    assert SERVICES["api"]["command"][0] == "gunicorn"
    assert "honeydue.wsgi:application" in SERVICES["api"]["command"]
    ws = SERVICES["ws"]["command"]
    assert ws[0] == "daphne"
    assert "honeydue.asgi:application" in ws
    assert not any(arg.startswith("--http-timeout") for arg in ws)


def test_worker_and_beat_are_checked_without_http():
    assert SERVICES["worker"]["healthcheck"]["test"][-1] == "worker"
    assert SERVICES["beat"]["healthcheck"]["test"][-1] == "beat"
    assert "--enable-remote-control" in SERVICES["beat"]["command"]


def test_gunicorn_limits_request_time_from_the_environment():
    config = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), config)  # noqa: S102
    assert config["timeout"] == 30
    assert config["worker_class"] == "sync"


def test_proxy_sends_websockets_downloads_and_admin_to_daphne_and_the_rest_to_gunicorn():
    locations = dict(re.findall(r"location ([^{]+?) \{(.*?)\}", NGINX, flags=re.DOTALL))
    assert "honeydue_ws" in locations["/ws/"]
    assert "Upgrade $http_upgrade" in locations["/ws/"]
    downloads = next(body for where, body in locations.items() if "download" in where)
    assert "honeydue_ws" in downloads
    assert "honeydue_ws" in locations["/admin/"]
    assert "honeydue_api" in locations["/"]
    assert "upstream honeydue_ws { server ws:8001; }" in NGINX
    assert "upstream honeydue_api { server api:8000; }" in NGINX


# --- Dockerfile -----------------------------------------------------------------------


def _final_stage() -> str:
    return DOCKERFILE[DOCKERFILE.rindex("\nFROM ") :]


def test_image_is_multi_stage_from_a_pinned_slim_python_311():
    assert DOCKERFILE.count("\nFROM ") >= 2
    assert re.search(r"ARG PYTHON_IMAGE=python:3\.11\.\d+-slim-\w+@sha256:[0-9a-f]{64}", DOCKERFILE)


def test_final_stage_runs_as_a_non_root_user_without_build_tools():
    final = _final_stage()
    user = re.findall(r"^USER (\S+)", final, flags=re.MULTILINE)
    assert user and user[-1].split(":")[0] not in {"root", "0"}
    assert "build-essential" not in final
    assert "apt-get install" not in final


def test_static_files_are_collected_at_build_and_the_image_has_a_health_check():
    assert "manage.py collectstatic" in _final_stage()
    assert re.search(r'^HEALTHCHECK .*CMD \["python", "scripts/healthcheck"\]', DOCKERFILE, flags=re.MULTILINE)


def test_docker_context_leaves_out_secrets_and_local_state():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in [".env", ".git", ".venv", "var"]:
        assert entry in ignored


# --- scripts/healthcheck ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "role"),
    [
        (["/opt/venv/bin/python", "/opt/venv/bin/gunicorn", "honeydue.wsgi:application"], "api"),
        (["/opt/venv/bin/python", "/opt/venv/bin/daphne", "-p", "8001", "honeydue.asgi:application"], "ws"),
        (["/opt/venv/bin/python", "/opt/venv/bin/celery", "-A", "honeydue", "worker"], "worker"),
        (["/opt/venv/bin/python", "/opt/venv/bin/celery", "-A", "honeydue", "beat"], "beat"),
    ],
)
def test_healthcheck_picks_the_check_from_the_main_process(argv, role):
    assert healthcheck.role_from_argv(argv) == role


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        ("api.honeydue.example,localhost", "api.honeydue.example"),
        (".honeydue.example", "honeydue.example"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_healthcheck_sends_a_host_the_app_accepts(monkeypatch, allowed, host):
    monkeypatch.setenv("ALLOWED_HOSTS", allowed)
    assert healthcheck.host_header() == host


def _run_healthcheck(role: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/healthcheck", role], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("role", "command"),
    [
        ("worker", ["worker", "--pool", "solo", "--loglevel", "WARNING"]),
        ("beat", ["beat", "--enable-remote-control", "--loglevel", "WARNING"]),
    ],
)
def test_celery_health_check_is_healthy_only_while_the_process_runs(role, command, tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "honeydue.settings",
        "ENVIRONMENT": "test",
        "REDIS_URL": os.environ["REDIS_URL"],
        "VAR_DIR": str(tmp_path),
    }
    assert _run_healthcheck(role, env).returncode == 1, "healthy before the process started"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "honeydue", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, result = time.monotonic() + 45, None
        while time.monotonic() < deadline:
            result = _run_healthcheck(role, env)
            if result.returncode == 0:
                break
            time.sleep(1)
        assert result is not None
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"healthcheck: {role} healthy" in result.stdout
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert _run_healthcheck(role, env).returncode == 1, "still healthy after the process stopped"
