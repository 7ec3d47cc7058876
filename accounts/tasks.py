"""Thin jobs: take ids (or the address typed into the form), re-fetch, call a service."""

from smtplib import SMTPException

from celery import shared_task

from accounts import services
from accounts.models import User

_MAIL_RETRY = {"autoretry_for": (SMTPException, OSError), "retry_backoff": True, "max_retries": 5}


@shared_task(**_MAIL_RETRY)
def send_verification_code(user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:  # deleted before the job ran
        return
    services.email_verification_send(user=user)


@shared_task(**_MAIL_RETRY)
def send_password_reset_code(email: str) -> None:
    services.password_reset_send(email=email)
