"""Configuration cannot drift: the code, .env.example, compose.yaml and the Dockerfile name the same
variables, and production refuses unsafe settings."""

import ast
import re
from pathlib import Path

import pytest
import yaml

from tests.support import PRODUCTION_ENV, ROOT, run_python

APPS = ["honeydue", "accounts", "residences", "tasks", "documents", "notifications"]
# Python entry points outside the apps that read the environment.
EXTRA_SOURCES = ["manage.py", "gunicorn.conf.py", "scripts/healthcheck"]
ENV_HELPERS = {"env_str", "env_bool", "env_int", "env_list"}
# Variables of the platform (Python, pip, Django's loader, the OS), not the project's configuration.
PLATFORM = {
    "PATH",
    "HOME",
    "LANG",
    "DJANGO_SETTINGS_MODULE",
    "PYTHONUNBUFFERED",
    "PYTHONDONTWRITEBYTECODE",
    "PIP_DISABLE_PIP_VERSION_CHECK",
    "PIP_NO_CACHE_DIR",
    "DEBIAN_FRONTEND",
}


# --- collecting names -----------------------------------------------------------


def _is_os_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def names_read_by(source: str, filename: str = "<source>") -> tuple[set[str], list[str]]:
    """Environment variable names a Python source reads, and the reads whose name is not a literal."""
    names, dynamic = set(), []

    def take(arg: ast.AST, where: ast.AST) -> None:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            names.add(arg.value)
        else:
            dynamic.append(f"{filename}:{where.lineno}")

    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if called in ENV_HELPERS:
                take(node.args[0], node)
            elif isinstance(func, ast.Attribute) and func.attr in {"get", "setdefault", "pop"}:
                if _is_os_environ(func.value):
                    take(node.args[0], node)
            elif (
                isinstance(func, ast.Attribute)
                and func.attr == "getenv"
                and isinstance(func.value, ast.Name)
                and func.value.id == "os"
            ):
                take(node.args[0], node)
        elif isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            take(node.slice, node)
    return names, dynamic


def python_sources() -> list[Path]:
    files = []
    for app in APPS:
        files += [p for p in (ROOT / app).rglob("*.py") if "tests" not in p.relative_to(ROOT).parts]
    files += [ROOT / name for name in EXTRA_SOURCES]
    return files


def names_read_by_code() -> set[str]:
    names, dynamic = set(), []
    for path in python_sources():
        found, unnamed = names_read_by(path.read_text(), str(path.relative_to(ROOT)))
        names |= found
        # honeydue/env.py is the one place allowed to read a name it is given.
        dynamic += [d for d in unnamed if not d.startswith("honeydue/env.py:")]
    assert not dynamic, f"environment read with a computed name (cannot be documented): {dynamic}"
    return names - PLATFORM


def names_documented(text: str) -> set[str]:
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def compose_problems(text: str, documented: set[str]) -> list[str]:
    """Names compose.yaml uses that .env.example does not document, or that are spelled differently."""
    problems = []
    unescaped = text.replace("$$", "")
    for name in sorted(set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)", unescaped))):
        if name not in documented:
            problems.append(f"compose.yaml interpolates ${{{name}}}, which .env.example does not document")
    data = yaml.safe_load(text)
    for service_name, service in (data.get("services") or {}).items():
        if "build" not in service:  # third-party images (postgres, redis, nginx) have their own variables
            continue
        environment = service.get("environment") or {}
        if isinstance(environment, list):
            environment = dict(item.split("=", 1) if "=" in item else (item, None) for item in environment)
        for key, value in environment.items():
            if key in PLATFORM:
                continue
            if key not in documented:
                problems.append(f"compose.yaml service {service_name} sets {key}, which .env.example does not document")
            used = re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)", str(value or ""))
            if used and used != [key]:
                problems.append(
                    f"compose.yaml service {service_name} sets {key} from ${{{used[0]}}}: spelled differently"
                )
    return problems


def dockerfile_problems(text: str, documented: set[str]) -> list[str]:
    """Names the Dockerfile sets (ENV, or NAME=value inside RUN) that .env.example does not document."""
    joined = re.sub(r"\\\n", " ", text)
    problems = []
    for line in joined.splitlines():
        stripped = line.strip()
        instruction = stripped.split(" ", 1)[0].upper()
        if instruction == "ENV":
            names = re.findall(r"([A-Za-z_][A-Za-z0-9_]*)=", stripped[3:])
        elif instruction == "RUN":
            names = re.findall(r"(?:^|\s)([A-Z][A-Z0-9_]*)=", stripped[3:])
        else:
            continue
        problems += [
            f"Dockerfile {instruction} sets {name}, which .env.example does not document"
            for name in names
            if name not in documented and name not in PLATFORM
        ]
    return problems


# --- the project agrees with itself ---------------------------------------------


def test_env_example_lists_exactly_the_variables_the_code_reads():
    read = names_read_by_code()
    documented = names_documented((ROOT / ".env.example").read_text())
    assert read - documented == set(), f"read by the code but missing from .env.example: {sorted(read - documented)}"
    assert documented - read == set(), f"in .env.example but read by no code: {sorted(documented - read)}"


def test_compose_uses_only_documented_names():
    documented = names_documented((ROOT / ".env.example").read_text())
    assert compose_problems((ROOT / "compose.yaml").read_text(), documented) == []


def test_dockerfile_uses_only_documented_names():
    documented = names_documented((ROOT / ".env.example").read_text())
    assert dockerfile_problems((ROOT / "Dockerfile").read_text(), documented) == []


# --- the checks above catch what they claim to ------------------------------------


def test_collector_finds_every_kind_of_read():
    source = (
        "import os\nfrom honeydue.env import env_str, env_int\n"
        "A = env_str('ALPHA')\nB = env_int('BETA', 1)\nC = os.environ['GAMMA']\n"
        "D = os.environ.get('DELTA')\nE = os.getenv('EPSILON')\nF = settings_env.env_bool('ZETA')\n"
    )
    names, dynamic = names_read_by(source)
    assert names == {"ALPHA", "BETA", "GAMMA", "DELTA", "EPSILON", "ZETA"}
    assert dynamic == []


def test_collector_flags_a_computed_name():
    _, dynamic = names_read_by("import os\nname = 'X'\nvalue = os.environ.get(name)\n", "x.py")
    assert dynamic == ["x.py:3"]


def test_compose_check_catches_undocumented_and_misspelled_names():
    compose = (
        "services:\n  api:\n    build: .\n    environment:\n"
        "      REDIS_URL: ${REDIS_URL:-redis://redis}\n"
        "      EMAIL_HOST: ${EMAIL_HOSTNAME:-smtp}\n"
        "      SURPRISE: 1\n"
        "  redis:\n    image: redis:7\n    environment:\n      REDIS_ARGS: x\n"
    )
    problems = compose_problems(compose, {"REDIS_URL", "EMAIL_HOST"})
    assert problems == [
        "compose.yaml interpolates ${EMAIL_HOSTNAME}, which .env.example does not document",
        "compose.yaml service api sets EMAIL_HOST from ${EMAIL_HOSTNAME}: spelled differently",
        "compose.yaml service api sets SURPRISE, which .env.example does not document",
    ]


def test_dockerfile_check_catches_an_undocumented_name():
    dockerfile = (
        "FROM python\nENV PATH=/x:$PATH \\\n    DATABSE_URL=sqlite://\nRUN SECRET_KEY=x python manage.py check\n"
    )
    assert dockerfile_problems(dockerfile, {"SECRET_KEY"}) == [
        "Dockerfile ENV sets DATABSE_URL, which .env.example does not document"
    ]


# --- production refuses unsafe settings -------------------------------------------

SETUP = ["-c", "import django; django.setup(); print('settings loaded')"]


def test_realistic_production_environment_loads():
    result = run_python(SETUP, PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "settings loaded" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DEBUG": "true"}, "DEBUG must be false"),
        ({"SECRET_KEY": None}, "Set SECRET_KEY (50+ random characters) in production."),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY must be at least 50 characters"),
        ({"DATABASE_URL": None}, "DATABASE_URL must point at PostgreSQL"),
        ({"DATABASE_URL": "sqlite:////tmp/honeydue.sqlite3"}, "DATABASE_URL must point at PostgreSQL"),
        ({"REDIS_URL": None}, "REDIS_URL must be set"),
        ({"CELERY_BROKER_URL": "filesystem://"}, "CELERY_BROKER_URL must be a real broker"),
        ({"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "EMAIL_BACKEND must deliver mail"),
        ({"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"}, "EMAIL_BACKEND must deliver mail"),
        ({"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}, "EMAIL_BACKEND must deliver mail"),
        ({"PUSH_BACKEND": "console"}, "PUSH_BACKEND must be a real provider"),
        ({"PUSH_BACKEND": "memory"}, "PUSH_BACKEND must be a real provider"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must be set"),
    ],
    ids=lambda value: next(iter(value)) + "=" + str(next(iter(value.values()))) if isinstance(value, dict) else "",
)
def test_production_refuses(change, message):
    env = {**PRODUCTION_ENV, **change}
    env = {key: value for key, value in env.items() if value is not None}
    result = run_python(SETUP, env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_check_deploy_is_clean_in_production():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr
