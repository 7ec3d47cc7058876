"""Account emails: rendered from templates/emails/<name>.txt and .html in the user's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

SUBJECTS = {
    "verify_email": _("Your honeyDue verification code"),
    "password_reset": _("Reset your honeyDue password"),
}


def send(*, user, template: str, context: dict) -> None:
    """Render both bodies and the subject in the user's locale and send through EMAIL_BACKEND."""
    context = {
        "user": user,
        "first_name": user.first_name,
        "code_ttl_minutes": settings.ONE_TIME_CODE_TTL_MINUTES,
        **context,
    }
    with translation.override(user.locale or settings.LANGUAGE_CODE):
        subject = str(SUBJECTS[template])
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()
