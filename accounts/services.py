"""Every write about accounts: registration, sign-in tokens, one-time codes, passwords, plans."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from knox.models import AuthToken

from accounts import emails, rules
from accounts.exceptions import InvalidCode, InvalidCredentials
from accounts.models import OneTimeCode, User, normalize_email
from accounts.rules import CodeVerdict
from honeydue.exceptions import InvalidInput

logger = logging.getLogger(__name__)

Purpose = OneTimeCode.Purpose

LOGIN_FAILED_MESSAGE = gettext_lazy("Unable to sign in with that email address and password.")
RESET_CODE_INVALID_MESSAGE = gettext_lazy("That code is not valid or has expired. Request a new one.")
VERIFY_CODE_MESSAGES = {
    CodeVerdict.MISSING: gettext_lazy("There is no active code. Request a new one."),
    CodeVerdict.EXPIRED: gettext_lazy("That code has expired. Request a new one."),
    CodeVerdict.EXHAUSTED: gettext_lazy("Too many wrong attempts for that code. Request a new one."),
    CodeVerdict.WRONG: gettext_lazy("That code is not correct."),
}


# --- Tokens -----------------------------------------------------------------------


def token_create(*, user: User) -> tuple[AuthToken, str]:
    """A new per-device token; returns the row and the plain key (shown once, stored hashed)."""
    return AuthToken.objects.create(user)


def token_revoke(*, token: AuthToken) -> None:
    token.delete()


def tokens_revoke_all(*, user: User, keep: AuthToken | None = None) -> int:
    """Sign the user out everywhere (except the device holding `keep`)."""
    tokens = AuthToken.objects.filter(user=user)
    if keep is not None:
        tokens = tokens.exclude(pk=keep.pk)
    deleted, _unused = tokens.delete()
    return deleted


# --- Registration, sign-in, profile ---------------------------------------------------


def user_register(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    timezone: str = "UTC",
    locale: str = settings.LANGUAGE_CODE,
) -> tuple[User, AuthToken, str]:
    """Create the account and its first token; the verification code is emailed after commit."""
    email = normalize_email(email)
    duplicate = InvalidInput(_("An account with this email address already exists."), field="email")
    if User.objects.filter(email=email).exists():
        raise duplicate
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                timezone=timezone,
                locale=locale,
            )
            token, key = token_create(user=user)
            email_verification_request(user=user)
    except IntegrityError as exc:  # two registrations for the same address raced
        raise duplicate from exc
    logger.info("account registered", extra={"user_id": user.pk})
    return user, token, key


def user_login(*, request, email: str, password: str) -> tuple[User, AuthToken, str]:
    """One generic failure for an unknown email, a wrong password or an inactive account.
    Django's ModelBackend hashes the password even when the email is unknown, so the two cost the same."""
    user = authenticate(request, email=email, password=password)
    if user is None:
        raise InvalidCredentials(LOGIN_FAILED_MESSAGE)
    token, key = token_create(user=user)
    update_last_login(None, user)
    logger.info("signed in", extra={"user_id": user.pk})
    return user, token, key


PROFILE_FIELDS = frozenset({"first_name", "last_name", "timezone", "locale"})


def user_update_profile(*, user: User, **fields) -> User:
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise InvalidInput(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    for name, value in fields.items():
        setattr(user, name, value)
    try:
        user.clean_fields(exclude=[f.name for f in User._meta.concrete_fields if f.name not in fields])
    except DjangoValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise InvalidInput(messages[0], field=field) from exc
    user.save(update_fields=[*fields])
    return user


def user_delete(*, user: User, password: str) -> None:
    """Delete the account (app-store rule) with every residence it owns, in one transaction.
    It leaves the households it only belongs to (their members see `member.left`); codes,
    tokens and the subscription go with the user row."""
    from residences.models import Membership
    from residences.services import member_remove, residence_delete

    if not user.check_password(password):
        raise InvalidInput(_("Your password is not correct."), field="password")
    with transaction.atomic():
        memberships = Membership.objects.filter(user=user).select_related("residence")
        for membership in memberships:
            if membership.role == Membership.Role.OWNER:
                residence_delete(residence=membership.residence)
            else:
                member_remove(residence=membership.residence, actor=user, user_id=user.pk)
        user_id = user.pk
        user.delete()
    logger.info("account deleted", extra={"user_id": user_id})


# --- One-time codes ---------------------------------------------------------------------


def code_issue(*, user: User, purpose: str, now=None) -> str:
    """Replace any live code for this purpose with a fresh one; returns the plain code (never stored)."""
    now = now or timezone.now()
    code = rules.new_code()
    salt = rules.new_salt()
    OneTimeCode.objects.update_or_create(
        user=user,
        purpose=purpose,
        defaults={
            "code_hash": rules.hash_code(code, salt),
            "salt": salt,
            "attempts": 0,
            "expires_at": now + timedelta(minutes=settings.ONE_TIME_CODE_TTL_MINUTES),
        },
    )
    return code


def code_redeem(*, user: User | None, purpose: str, code: str, now=None) -> CodeVerdict:
    """Judge one attempt at a code and record it: a match consumes the code, a miss counts a try.
    Call inside `transaction.atomic()` together with whatever the code unlocks, and raise only
    after that block has committed, so a wrong attempt is counted even though the request fails."""
    now = now or timezone.now()
    stored = None
    if user is not None:
        # Two requests racing with guesses must not both get the same try.
        stored = OneTimeCode.objects.select_for_update().filter(user=user, purpose=purpose).first()
    if stored is None:
        rules.hash_code(code, rules.new_salt())  # same work as a real check
        return CodeVerdict.MISSING
    verdict = rules.judge_attempt(
        code=code,
        code_hash=stored.code_hash,
        salt=stored.salt,
        attempts=stored.attempts,
        max_attempts=settings.ONE_TIME_CODE_MAX_ATTEMPTS,
        expires_at=stored.expires_at,
        now=now,
    )
    if verdict is CodeVerdict.OK:
        stored.delete()
    elif verdict is CodeVerdict.WRONG:
        stored.attempts += 1
        stored.save(update_fields=["attempts"])
    logger.info("one-time code attempt", extra={"user_id": user.pk, "purpose": purpose, "verdict": verdict.value})
    return verdict


# --- Email verification -------------------------------------------------------------------


def email_verification_request(*, user: User) -> None:
    """Email a fresh verification code once the current transaction commits."""
    from accounts.tasks import send_verification_code

    user_id = user.pk
    transaction.on_commit(lambda: send_verification_code.delay(user_id))


def email_verification_send(*, user: User) -> None:
    """Issue a verification code and email it (runs in a job)."""
    if user.email_verified:
        return
    code = code_issue(user=user, purpose=Purpose.VERIFY_EMAIL)
    emails.send(user=user, template="verify_email", context={"code": code})
    logger.info("verification code sent", extra={"user_id": user.pk})


def email_verify(*, user: User, code: str) -> User:
    if user.email_verified:
        return user
    with transaction.atomic():
        verdict = code_redeem(user=user, purpose=Purpose.VERIFY_EMAIL, code=code)
        if verdict is CodeVerdict.OK:
            user.email_verified = True
            user.save(update_fields=["email_verified"])
    if verdict is not CodeVerdict.OK:
        raise InvalidCode(VERIFY_CODE_MESSAGES[verdict], field="code")
    return user


# --- Passwords ----------------------------------------------------------------------------


def password_reset_request(*, email: str) -> None:
    """Only enqueue: looking the account up happens in the job, so the response is the same
    work, and takes the same time, whether or not the account exists."""
    from accounts.tasks import send_password_reset_code

    email = normalize_email(email)
    transaction.on_commit(lambda: send_password_reset_code.delay(email))


def password_reset_send(*, email: str) -> None:
    """Issue a reset code and email it, if there is an active account (runs in a job)."""
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None:
        logger.info("password reset requested for an unknown account")
        return
    code = code_issue(user=user, purpose=Purpose.RESET_PASSWORD)
    emails.send(user=user, template="password_reset", context={"code": code})
    logger.info("password reset code sent", extra={"user_id": user.pk})


def password_reset(*, email: str, code: str, new_password: str) -> User:
    """Set a new password with a reset code and sign out every device. Unknown email, wrong,
    expired and used-up codes all give the same answer."""
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    with transaction.atomic():
        verdict = code_redeem(user=user, purpose=Purpose.RESET_PASSWORD, code=code)
        if verdict is CodeVerdict.OK:
            user.set_password(new_password)
            # Whoever could read the inbox proved it; the address is verified too.
            user.email_verified = True
            user.save(update_fields=["password", "email_verified"])
            tokens_revoke_all(user=user)
    if verdict is not CodeVerdict.OK:
        raise InvalidCode(RESET_CODE_INVALID_MESSAGE, field="code")
    logger.info("password reset", extra={"user_id": user.pk})
    return user


def password_change(*, user: User, current_password: str, new_password: str, keep: AuthToken | None) -> int:
    """Change the password and sign out every other device (the one asking stays signed in).
    Returns how many tokens were revoked."""
    if not user.check_password(current_password):
        raise InvalidInput(_("Your current password is not correct."), field="current_password")
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        revoked = tokens_revoke_all(user=user, keep=keep)
    logger.info("password changed", extra={"user_id": user.pk, "revoked_tokens": revoked})
    return revoked
