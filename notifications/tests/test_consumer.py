"""The websocket consumer through channels' WebsocketCommunicator (in-memory channel layer)."""

import asyncio
import functools

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from knox.models import AuthToken

from accounts.tests.factories import UserFactory
from honeydue.asgi import application
from notifications.events import publish_membership_change, publish_residence_event, publish_user_event
from residences.models import Membership
from residences.tests.factories import ResidenceFactory, add_member

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = [(b"origin", b"http://localhost")]


@pytest.fixture(autouse=True)
def _in_memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def run_async(test):
    """Run an async test body on an event loop (the project has no pytest-asyncio)."""

    @functools.wraps(test)
    def wrapper():
        return async_to_sync(test)()

    wrapper.__wrapped__ = None
    del wrapper.__wrapped__
    return wrapper


@sync_to_async
def token_for(user) -> str:
    return AuthToken.objects.create(user)[1]


@sync_to_async
def make(factory, *args, **kwargs):
    return factory(*args, **kwargs)


async def connect(path="/ws/", subprotocols=None):
    communicator = WebsocketCommunicator(application, path, headers=ORIGIN, subprotocols=subprotocols)
    connected, subprotocol = await communicator.connect()
    assert connected
    return communicator, subprotocol


async def nothing_arrives(communicator) -> bool:
    return await communicator.receive_nothing(timeout=0.3)


@run_async
async def test_a_bad_token_is_closed_with_4401():
    communicator, _ = await connect("/ws/?token=not-a-token")
    assert await communicator.receive_output(timeout=2) == {"type": "websocket.close", "code": 4401}


@run_async
async def test_no_token_is_closed_with_4401():
    communicator, _ = await connect("/ws/")
    assert (await communicator.receive_output(timeout=2))["code"] == 4401


@run_async
async def test_token_in_the_subprotocol_header_is_accepted_with_the_token_subprotocol():
    user = await make(UserFactory)
    communicator, subprotocol = await connect(subprotocols=["token", await token_for(user)])
    assert subprotocol == "token"
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from(timeout=2) == {"type": "pong"}
    await communicator.disconnect()


@run_async
async def test_members_receive_residence_events_and_outsiders_do_not():
    owner, outsider = await make(UserFactory), await make(UserFactory)
    home = await make(ResidenceFactory, owner=owner)
    await make(ResidenceFactory, owner=outsider)
    member_ws, _ = await connect(f"/ws/?token={await token_for(owner)}")
    outsider_ws, _ = await connect(f"/ws/?token={await token_for(outsider)}")
    await sync_to_async(publish_residence_event)("task.created", home.pk, {"id": 7})
    assert await member_ws.receive_json_from(timeout=2) == {
        "type": "task.created",
        "residence_id": home.pk,
        "data": {"id": 7},
    }
    assert await nothing_arrives(outsider_ws)
    await member_ws.disconnect()
    await outsider_ws.disconnect()


@run_async
async def test_joining_subscribes_live_and_leaving_unsubscribes_live():
    owner, newcomer = await make(UserFactory), await make(UserFactory)
    home = await make(ResidenceFactory, owner=owner)
    ws, _ = await connect(f"/ws/?token={await token_for(newcomer)}")
    await sync_to_async(publish_residence_event)("task.updated", home.pk, {"id": 1})
    assert await nothing_arrives(ws)

    await make(add_member, home, newcomer)
    await sync_to_async(publish_membership_change)(newcomer.pk, home.pk, joined=True)
    await asyncio.sleep(0.1)
    await sync_to_async(publish_residence_event)("task.updated", home.pk, {"id": 2})
    assert (await ws.receive_json_from(timeout=2))["data"] == {"id": 2}

    await sync_to_async(Membership.objects.filter(residence=home, user=newcomer).delete)()
    await sync_to_async(publish_membership_change)(newcomer.pk, home.pk, joined=False)
    await asyncio.sleep(0.1)
    await sync_to_async(publish_residence_event)("task.updated", home.pk, {"id": 3})
    assert await nothing_arrives(ws)
    await ws.disconnect()


@run_async
async def test_a_removed_member_gets_nothing_even_before_the_membership_message_arrives():
    owner, member = await make(UserFactory), await make(UserFactory)
    home = await make(ResidenceFactory, owner=owner)
    await make(add_member, home, member)
    ws, _ = await connect(f"/ws/?token={await token_for(member)}")
    await sync_to_async(Membership.objects.filter(residence=home, user=member).delete)()
    await sync_to_async(publish_residence_event)("task.deleted", home.pk, {"id": 9})
    assert await nothing_arrives(ws)
    await ws.disconnect()


@run_async
async def test_a_stale_joined_message_does_not_resubscribe_a_non_member():
    owner, stranger = await make(UserFactory), await make(UserFactory)
    home = await make(ResidenceFactory, owner=owner)
    ws, _ = await connect(f"/ws/?token={await token_for(stranger)}")
    await sync_to_async(publish_membership_change)(stranger.pk, home.pk, joined=True)
    await asyncio.sleep(0.1)
    await sync_to_async(publish_residence_event)("task.created", home.pk, {"id": 4})
    assert await nothing_arrives(ws)
    await ws.disconnect()


@run_async
async def test_user_events_reach_only_that_user():
    me, other = await make(UserFactory), await make(UserFactory)
    mine, _ = await connect(f"/ws/?token={await token_for(me)}")
    theirs, _ = await connect(f"/ws/?token={await token_for(other)}")
    await sync_to_async(publish_user_event)("notification.created", me.pk, {"id": 5})
    assert await mine.receive_json_from(timeout=2) == {
        "type": "notification.created",
        "residence_id": None,
        "data": {"id": 5},
    }
    assert await nothing_arrives(theirs)
    await mine.disconnect()
    await theirs.disconnect()
