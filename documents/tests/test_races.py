import threading

import pytest
from django.db import connection

from accounts.tests.factories import UserFactory
from documents.models import Document
from documents.tests.factories import make_document
from honeydue.exceptions import UpgradeRequired
from residences.tests.factories import ResidenceFactory, add_member


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_phones_racing_for_the_last_free_slot_store_one_document(settings):
    settings.FREE_MAX_DOCUMENTS = 1
    owner, member = UserFactory(), UserFactory()
    residence = ResidenceFactory(owner=owner)
    add_member(residence, member)
    barrier = threading.Barrier(2)
    outcomes = []

    def upload(user):
        try:
            barrier.wait()
            make_document(residence, user)
            outcomes.append("stored")
        except UpgradeRequired:
            outcomes.append("upgrade_required")
        except Exception as exc:  # surface anything else in the assertion, not a silent dead thread
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(user,)) for user in (owner, member)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["stored", "upgrade_required"]
    assert Document.objects.filter(residence=residence).count() == 1
