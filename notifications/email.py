"""Notification email: localized text and HTML parts rendered from templates/notifications/email/."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def build_email(notification, user) -> EmailMultiAlternatives:
    with translation.override(user.locale or "en"):
        context = {"notification": notification, "user": user, "data": notification.data}
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    message = EmailMultiAlternatives(
        subject=f"honeyDue: {notification.title}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"X-HoneyDue-Notification": str(notification.pk)},
    )
    message.attach_alternative(html, "text/html")
    return message
