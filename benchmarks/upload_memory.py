"""Does an oversized upload grow the server's memory? Measured against a real gunicorn on 127.0.0.1.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/honeydue_documents \\
        .venv/bin/python benchmarks/upload_memory.py [--mb 100]

Starts gunicorn (one sync worker) twice and sends a 100 MB multipart upload
in each scenario, printing the worker's resident memory (VmRSS) before and
after and its peak (VmHWM):

  1. default limits, declared Content-Length → 413 from BodySizeLimitMiddleware
     before a byte of the body is read;
  2. default limits, chunked body without Content-Length → 411 from the
     upload views before any body is read (Django would not read it anyway);
  3. DOCUMENT_MAX_BYTES raised to 200 MB so the declared length passes the
     middleware, upload to /api/media/ (15 MB photo limit) → 413 from the
     streaming upload handler after ~15 MB, spooled to disk, never in memory.

The script exits non-zero if the worker's peak RSS grew by more than a
quarter of the upload's size in any scenario.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honeydue.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/honeydue_documents")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/4")

BOUNDARY = "----honeydue-benchmark-boundary"
CHUNK = 1024 * 1024


def setup_account() -> tuple[str, int]:
    import django

    django.setup()
    from django.core.management import call_command
    from knox.models import AuthToken

    from accounts.tests.factories import UserFactory
    from residences.tests.factories import ResidenceFactory

    call_command("migrate", verbosity=0)
    user = UserFactory(email=f"bench-{time.time_ns()}@example.com")
    residence = ResidenceFactory(owner=user)
    _, token = AuthToken.objects.create(user)
    return token, residence.pk


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_of(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])  # kB
    return values


def worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn worker did not start")


def start_server(port: int, env_extra: dict) -> subprocess.Popen:
    env = {**os.environ, "LOG_LEVEL": "WARNING", "ALLOWED_HOSTS": "127.0.0.1", **env_extra}
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "honeydue.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def multipart_parts(residence_id: int) -> tuple[bytes, bytes]:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="residence_id"\r\n\r\n{residence_id}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nbig\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    return head, tail


def send_upload(port: int, path: str, token: str, residence_id: int, size: int, chunked: bool) -> tuple[str, int]:
    """Send the upload while reading the response; returns (status line, bytes we managed to send)."""
    head, tail = multipart_parts(residence_id)
    body_len = len(head) + size + len(tail)
    headers = [
        f"POST {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        f"Authorization: Token {token}",
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}",
        "Connection: close",
        "Transfer-Encoding: chunked" if chunked else f"Content-Length: {body_len}",
    ]
    sock = socket.create_connection(("127.0.0.1", port))
    sent = [0]

    def frame(data: bytes) -> bytes:
        return b"%x\r\n%s\r\n" % (len(data), data) if chunked else data

    def sender():
        try:
            sock.sendall(("\r\n".join(headers) + "\r\n\r\n").encode())
            sock.sendall(frame(head))
            block = b"\xff\xd8\xff" + b"\x00" * (CHUNK - 3)
            remaining = size
            while remaining > 0:
                piece = block[: min(CHUNK, remaining)]
                sock.sendall(frame(piece))
                sent[0] += len(piece)
                remaining -= len(piece)
            sock.sendall(frame(tail))
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server answered and closed before taking the whole body: expected

    thread = threading.Thread(target=sender, daemon=True)
    thread.start()
    response = b""
    sock.settimeout(60)
    try:
        while b"\r\n" not in response:
            data = sock.recv(65536)
            if not data:
                break
            response += data
    except OSError as exc:
        response = response or f"<connection error: {exc}>".encode()
    thread.join(timeout=60)
    sock.close()
    return response.split(b"\r\n", 1)[0].decode(errors="replace"), sent[0]


def scenario(name, env_extra, path, token, residence_id, size, chunked) -> bool:
    port = free_port()
    media_root = tempfile.mkdtemp(prefix="honeydue-bench-media-")
    server = start_server(port, {"MEDIA_ROOT": media_root, **env_extra})
    try:
        pid = worker_pid(server.pid)
        # One small request first so imports and connections are warm before measuring.
        send_upload(port, path, token, residence_id, 1024, chunked=False)
        time.sleep(0.5)
        before = status_of(pid)
        started = time.perf_counter()
        status_line, sent = send_upload(port, path, token, residence_id, size, chunked)
        elapsed = time.perf_counter() - started
        time.sleep(0.5)
        after = status_of(pid)
    finally:
        server.terminate()
        server.wait(timeout=10)
    growth_kb = after["VmHWM"] - before["VmHWM"]
    ok = growth_kb * 1024 < size / 4
    print(f"\n[{name}] POST {path} {size // (1024 * 1024)} MB, {'chunked' if chunked else 'Content-Length'}")
    print(f"  response: {status_line}   (client got {sent // (1024 * 1024)} MB onto the wire, {elapsed:.2f}s)")
    print(f"  worker RSS before: {before['VmRSS'] / 1024:7.1f} MB   after: {after['VmRSS'] / 1024:7.1f} MB")
    print(f"  worker peak RSS before: {before['VmHWM'] / 1024:7.1f} MB   after: {after['VmHWM'] / 1024:7.1f} MB")
    verdict = "OK" if ok else "GREW"
    print(f"  peak growth: {growth_kb / 1024:.1f} MB (upload was {size / (1024 * 1024):.0f} MB) -> {verdict}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=100)
    args = parser.parse_args()
    size = args.mb * 1024 * 1024
    token, residence_id = setup_account()
    results = [
        scenario("declared too large", {}, "/api/documents/", token, residence_id, size, chunked=False),
        scenario("chunked, no length", {}, "/api/documents/", token, residence_id, size, chunked=True),
        scenario(
            "streaming handler",
            {"DOCUMENT_MAX_BYTES": str(200 * 1024 * 1024)},
            "/api/media/",
            token,
            residence_id,
            size,
            chunked=False,
        ),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
