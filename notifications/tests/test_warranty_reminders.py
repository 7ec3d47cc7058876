"""Warranty reminders at 30 and 7 days before expiry.

documents.Document is built on another branch: these tests are skipped until it
is merged and then run at integration.
"""

from datetime import date, timedelta

import pytest
from django.core import mail

from accounts.tests.factories import UserFactory
from notifications import services
from notifications.models import Kind, Notification
from notifications.selectors import document_model
from notifications.tests.helpers import at_local
from residences.tests.factories import ResidenceFactory, add_member

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(document_model() is None, reason="documents.Document not merged yet (integration test)"),
]
DAY = date(2026, 6, 15)


def make_document(residence, title: str, expires_on: date):
    Document = document_model()
    return Document.objects.create(
        residence=residence,
        title=title,
        expires_on=expires_on,
        file=f"documents/test/{title}.pdf",
        file_name=f"{title}.pdf",
        content_type="application/pdf",
        size_bytes=10,
    )


def test_documents_expiring_in_30_and_7_days_are_reminded_once_to_every_member(
    settings, django_capture_on_commit_callbacks
):
    settings.WARRANTY_REMINDER_HOUR = 10
    owner, member = UserFactory(timezone="Europe/Paris"), UserFactory(timezone="Europe/Paris")
    home = ResidenceFactory(owner=owner)
    add_member(home, member)
    make_document(home, "Fridge warranty", DAY + timedelta(days=30))
    make_document(home, "Boiler warranty", DAY + timedelta(days=7))
    make_document(home, "Roof warranty", DAY + timedelta(days=10))
    services.reminder_tick(now=at_local("Europe/Paris", 2026, 6, 15, 9, 59))
    assert not Notification.objects.filter(kind=Kind.WARRANTY_REMINDER).exists()
    with django_capture_on_commit_callbacks(execute=True):
        for minute in (0, 5):
            services.reminder_tick(now=at_local("Europe/Paris", 2026, 6, 15, 10, minute))
    for user in (owner, member):
        reminder = Notification.objects.get(user=user, kind=Kind.WARRANTY_REMINDER)
        assert reminder.title == "2 warranties expiring"
        assert "Boiler warranty expires in 7 days" in reminder.body and "Roof" not in reminder.body
    assert sorted(m.to[0] for m in mail.outbox if "warrant" in m.subject) == sorted([owner.email, member.email])
