"""End to end: a real daphne server, the Redis channel layer and real websocket clients."""

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from knox.models import AuthToken
from websockets.asyncio.client import connect

from accounts.tests.factories import UserFactory
from notifications.events import publish_membership_change, publish_residence_event
from residences.models import Membership
from residences.tests.factories import ResidenceFactory, add_member

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def daphne_server():
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (the Redis channel layer)")
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": settings.REDIS_URL, "ENVIRONMENT": "test"}
    daphne = Path(sys.executable).with_name("daphne")
    process = subprocess.Popen(
        [str(daphne), "-b", "127.0.0.1", "-p", str(port), "honeydue.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail("daphne exited: " + process.stderr.read().decode()[-2000:])
            time.sleep(0.2)
    yield port
    process.terminate()
    process.wait(timeout=10)


def client(port: int, key: str, *, header: bool = True, origin: str | None = None):
    """Like the mobile apps: no Origin header unless asked (browsers always send one)."""
    if header:
        return connect(f"ws://127.0.0.1:{port}/ws/", subprotocols=["token", key], origin=origin)
    return connect(f"ws://127.0.0.1:{port}/ws/?token={key}", origin=origin)


async def receive(ws, timeout: float = 3.0) -> dict:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def silent(ws, timeout: float = 0.5) -> bool:
    try:
        await asyncio.wait_for(ws.recv(), timeout)
    except TimeoutError:
        return True
    return False


def in_thread(fn, *args, **kwargs):
    """Run sync Django code (ORM, async_to_sync publishing) off the event loop, with its own DB connection."""

    def run():
        try:
            return fn(*args, **kwargs)
        finally:
            connection.close()

    return asyncio.to_thread(run)


def test_two_members_get_events_after_commit_an_outsider_nothing_and_membership_changes_live(daphne_server):
    owner, member, outsider, newcomer = (UserFactory() for _ in range(4))
    home = ResidenceFactory(owner=owner)
    add_member(home, member)
    ResidenceFactory(owner=outsider)
    keys = {user.pk: AuthToken.objects.create(user)[1] for user in (owner, member, outsider, newcomer)}
    published, commit = threading.Event(), threading.Event()

    def publish_in_open_transaction():
        with transaction.atomic():
            publish_residence_event("task.created", home.pk, {"id": 1})
            published.set()
            commit.wait(10)

    async def scenario():
        async with (
            client(daphne_server, keys[owner.pk]) as owner_ws,
            client(
                daphne_server, keys[member.pk], header=False, origin=f"http://127.0.0.1:{daphne_server}"
            ) as member_ws,
            client(daphne_server, keys[outsider.pk]) as outsider_ws,
            client(daphne_server, keys[newcomer.pk]) as newcomer_ws,
        ):
            assert owner_ws.subprotocol == "token"
            await asyncio.sleep(0.3)  # let the consumers join their groups
            publishing = in_thread(publish_in_open_transaction)
            task = asyncio.ensure_future(publishing)
            await asyncio.to_thread(published.wait, 5)
            assert await silent(owner_ws), "an event must not leave before its transaction commits"
            commit.set()
            await task
            expected = {"type": "task.created", "residence_id": home.pk, "data": {"id": 1}}
            assert await receive(owner_ws) == expected
            assert await receive(member_ws) == expected
            assert await silent(outsider_ws)
            assert await silent(newcomer_ws, 0.1)

            await in_thread(add_member, home, newcomer)
            await in_thread(publish_membership_change, newcomer.pk, home.pk, joined=True)
            await asyncio.sleep(0.3)
            await in_thread(Membership.objects.filter(residence=home, user=member).delete)
            await in_thread(publish_membership_change, member.pk, home.pk, joined=False)
            await asyncio.sleep(0.3)
            await in_thread(publish_residence_event, "task.completed", home.pk, {"id": 1})
            assert (await receive(newcomer_ws))["type"] == "task.completed"
            assert (await receive(owner_ws))["type"] == "task.completed"
            assert await silent(member_ws)
            assert await silent(outsider_ws, 0.1)

    asyncio.run(scenario())


def test_a_bad_token_is_closed_with_4401_by_the_real_server(daphne_server):
    async def scenario():
        async with client(daphne_server, "0" * 64) as ws:
            with pytest.raises(Exception) as closed:
                await asyncio.wait_for(ws.recv(), 3)
            assert ws.close_code == 4401, closed.value

    asyncio.run(scenario())


def test_a_browser_page_from_another_site_is_refused_at_the_handshake(daphne_server):
    from websockets.exceptions import InvalidStatus

    user = UserFactory()
    key = AuthToken.objects.create(user)[1]

    async def scenario():
        with pytest.raises(InvalidStatus) as refused:
            async with client(daphne_server, key, origin="https://evil.example"):
                pass
        assert refused.value.response.status_code == 403

    asyncio.run(scenario())
