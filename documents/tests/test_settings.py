import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_settings(**env) -> subprocess.CompletedProcess:
    code = "import honeydue.settings as s; print(s.STORAGES['default']['BACKEND'])"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "STORAGE_"))}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, check=False
    )


def test_local_filesystem_is_the_default():
    result = load_settings()
    assert result.stdout.strip() == "django.core.files.storage.FileSystemStorage"


def test_s3_is_used_when_configured():
    result = load_settings(STORAGE_BACKEND="s3", AWS_STORAGE_BUCKET_NAME="honeydue-media")
    assert result.stdout.strip() == "storages.backends.s3.S3Storage"


def test_s3_without_a_bucket_refuses_to_start():
    result = load_settings(STORAGE_BACKEND="s3")
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_every_documents_setting_is_in_env_example():
    example = (ROOT / ".env.example").read_text()
    for name in (
        "STORAGE_BACKEND",
        "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_ENDPOINT_URL",
        "AWS_S3_REGION_NAME",
        "AWS_S3_ADDRESSING_STYLE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_QUERYSTRING_EXPIRE",
        "PHOTO_THUMBNAIL_PX",
        "DOCUMENT_MAX_BYTES",
        "PHOTO_MAX_BYTES",
    ):
        assert f"\n{name}=" in example, name
