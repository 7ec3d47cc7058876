"""Every write to residences, memberships, share codes and contractors.

Views, admin actions, commands and other apps call these; nothing else writes
these tables. Realtime events go out after commit (notifications.events).
"""

import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.plans import limits_for, within
from honeydue.cascade_files import delete_cascaded_files_on_commit
from honeydue.exceptions import InvalidInput, NotPermitted, UpgradeRequired
from notifications.events import publish_membership_change, publish_residence_event
from residences.models import Contractor, Membership, Residence, ShareCode
from residences.selectors import owner_of

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: a code read aloud or copied by hand is unambiguous. Matches ^[A-Z2-9]{6}$.
SHARE_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SHARE_CODE_LENGTH = 6
_SHARE_CODE_ATTEMPTS = 8

RESIDENCE_FIELDS = frozenset(
    {
        "name",
        "residence_type",
        "street",
        "city",
        "region",
        "postal_code",
        "country",
        "year_built",
        "square_feet",
        "bedrooms",
        "bathrooms",
        "purchase_date",
        "notes",
    }
)
CONTRACTOR_FIELDS = frozenset({"name", "company", "phone", "email", "website", "notes", "is_favorite"})


def user_summary(user) -> dict[str, Any]:
    return {"id": user.pk, "email": user.email, "first_name": user.first_name, "last_name": user.last_name}


def _lock_user(user) -> None:
    # Serializes one user's concurrent creates/joins (two phones), so counts and the
    # one-primary rule are checked against settled data.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def _set_primary(*, user, residence_id: int) -> None:
    Membership.objects.filter(user=user, is_primary=True).exclude(residence_id=residence_id).update(is_primary=False)
    Membership.objects.filter(user=user, residence_id=residence_id).update(is_primary=True)


def _has_primary(user) -> bool:
    return Membership.objects.filter(user=user, is_primary=True).exists()


def _full_clean(instance: models.Model, exclude: list[str]) -> None:
    """Model validation as a domain error (400 with the field), for callers that skipped a serializer."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise InvalidInput(messages[0], field=None if field == NON_FIELD_ERRORS else field) from exc


def _require_owner(residence: Residence, user) -> None:
    if not Membership.objects.filter(residence=residence, user=user, role=Membership.Role.OWNER).exists():
        raise NotPermitted(_("Only the owner of this residence can do that."))


# --- Residences -------------------------------------------------------------------


def residence_create(*, user, data: dict[str, Any], is_primary: bool | None = None) -> Residence:
    """Create a residence owned by `user`.

    It becomes the user's primary residence when asked, or when they have none yet.
    Free plans own at most FREE_MAX_OWNED_RESIDENCES.
    """
    with transaction.atomic():
        _lock_user(user)
        owned = Membership.objects.filter(user=user, role=Membership.Role.OWNER).count()
        if not within(limits_for(user).max_owned_residences, owned):
            raise UpgradeRequired(_("Your plan's limit of residences is reached. Upgrade to Pro to add more."))
        residence = Residence(**{k: v for k, v in data.items() if k in RESIDENCE_FIELDS})
        _full_clean(residence, exclude=["residence_type"])
        residence.save()
        Membership.objects.create(residence=residence, user=user, role=Membership.Role.OWNER)
        if is_primary or (is_primary is None and not _has_primary(user)):
            _set_primary(user=user, residence_id=residence.pk)
    return residence


def residence_update(*, residence: Residence, user, data: dict[str, Any], is_primary: bool | None = None) -> Residence:
    """Change a residence (owner only) and/or the caller's own primary choice (any member)."""
    changes = {k: v for k, v in data.items() if k in RESIDENCE_FIELDS}
    with transaction.atomic():
        if changes:
            _require_owner(residence, user)
            residence = Residence.objects.select_for_update().get(pk=residence.pk)
            for field, value in changes.items():
                setattr(residence, field, value)
            _full_clean(residence, exclude=["residence_type"])
            residence.save(update_fields=[*changes, "updated_at"])
        if is_primary is not None:
            _require_member(residence, user)
            _lock_user(user)
            if is_primary:
                _set_primary(user=user, residence_id=residence.pk)
            else:
                Membership.objects.filter(user=user, residence=residence).update(is_primary=False)
    return residence


def residence_delete(*, residence: Residence, user=None) -> None:
    """Delete a residence with everything in it, and its stored files after commit.

    `user`, when given, must be the owner (the API passes it; account deletion and
    admin do not).
    """
    with transaction.atomic():
        if user is not None:
            _require_owner(residence, user)
        residence = Residence.objects.select_for_update().get(pk=residence.pk)
        member_ids = list(Membership.objects.filter(residence=residence).values_list("user_id", flat=True))
        delete_cascaded_files_on_commit(residence)
        residence_id = residence.pk
        residence.delete()
        for member_id in member_ids:
            publish_membership_change(member_id, residence_id, joined=False)


# --- Members ------------------------------------------------------------------------


def member_remove(*, residence: Residence, actor, user_id: int) -> None:
    """The owner removes a member, or a member leaves. The owner cannot leave their own residence.

    Raises Membership.DoesNotExist for someone who is not a member.
    """
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update().select_related("user").get(residence=residence, user_id=user_id)
        )
        actor_is_owner = Membership.objects.filter(residence=residence, user=actor, role=Membership.Role.OWNER).exists()
        if membership.role == Membership.Role.OWNER:
            raise NotPermitted(_("The owner cannot leave their own residence; delete it instead."))
        if not actor_is_owner and membership.user_id != actor.pk:
            raise NotPermitted(_("Only the owner can remove other members."))
        removed = membership.user
        membership.delete()
        publish_residence_event("member.left", residence.pk, {"user": user_summary(removed), "removed_by": actor.pk})
        publish_membership_change(removed.pk, residence.pk, joined=False)


# --- Sharing ------------------------------------------------------------------------


def generate_share_code() -> str:
    return "".join(secrets.choice(SHARE_CODE_ALPHABET) for _ in range(SHARE_CODE_LENGTH))


def share_code_issue(*, residence: Residence, user) -> ShareCode:
    """A fresh invite code for the residence, replacing the previous one (owner, Pro plan)."""
    with transaction.atomic():
        _require_owner(residence, user)
        if not limits_for(user).can_share:
            raise UpgradeRequired(_("Sharing a residence needs a Pro plan."))
        # Two phones of the owner issuing at once: the residence lock makes one wait.
        Residence.objects.select_for_update().filter(pk=residence.pk).first()
        expires_at = timezone.now() + timedelta(days=settings.SHARE_CODE_TTL_DAYS)
        for _attempt in range(_SHARE_CODE_ATTEMPTS):
            try:
                with transaction.atomic():  # savepoint: a code collision must not poison the outer transaction
                    share_code, _created = ShareCode.objects.update_or_create(
                        residence=residence,
                        defaults={"code": generate_share_code(), "expires_at": expires_at, "created_by": user},
                    )
                return share_code
            except IntegrityError:
                continue
        raise RuntimeError("could not find a free share code")  # 31**6 codes; practically unreachable


def normalize_share_code(code: str) -> str:
    return "".join(code.split()).upper()


def residence_join(*, user, code: str) -> tuple[Residence, bool]:
    """Join the residence behind a valid share code; idempotent for existing members.

    Returns (residence, joined_now).
    """
    code = normalize_share_code(code)
    invalid = InvalidInput(_("This code is invalid or has expired."), field="code")
    if len(code) != SHARE_CODE_LENGTH or any(ch not in SHARE_CODE_ALPHABET for ch in code):
        raise invalid
    with transaction.atomic():
        share_code = (
            ShareCode.objects.select_related("residence").filter(code=code, expires_at__gt=timezone.now()).first()
        )
        if share_code is None:
            raise invalid
        # Many people joining with one code at once, or one person tapping twice: every
        # join to this residence queues here, then sees the memberships committed before it.
        residence = Residence.objects.select_for_update().filter(pk=share_code.residence_id).first()
        if residence is None:  # deleted while we waited for the lock
            raise invalid
        if Membership.objects.filter(residence=residence, user=user).exists():
            return residence, False
        if not limits_for(owner_of(residence)).can_share:
            raise UpgradeRequired(_("The owner's plan no longer allows sharing this residence."))
        _lock_user(user)
        Membership.objects.create(
            residence=residence, user=user, role=Membership.Role.MEMBER, is_primary=not _has_primary(user)
        )
        publish_residence_event("member.joined", residence.pk, {"user": user_summary(user), "role": "member"})
        publish_membership_change(user.pk, residence.pk, joined=True)
    return residence, True


# --- Contractors --------------------------------------------------------------------


def _require_member(residence: Residence, user) -> None:
    if not Membership.objects.filter(residence=residence, user=user).exists():
        raise NotPermitted(_("You are not a member of this residence."))


def contractor_create(*, user, residence: Residence, data: dict[str, Any], specialties=None) -> Contractor:
    with transaction.atomic():
        _require_member(residence, user)
        contractor = Contractor(
            residence=residence, created_by=user, **{k: v for k, v in data.items() if k in CONTRACTOR_FIELDS}
        )
        _full_clean(contractor, exclude=["residence", "created_by"])
        contractor.save()
        if specialties is not None:
            contractor.specialties.set(specialties)
    return contractor


def contractor_update(*, contractor: Contractor, user, data: dict[str, Any], specialties=None) -> Contractor:
    """Edit a contractor; its residence never changes."""
    changes = {k: v for k, v in data.items() if k in CONTRACTOR_FIELDS}
    with transaction.atomic():
        _require_member(contractor.residence, user)
        for field, value in changes.items():
            setattr(contractor, field, value)
        _full_clean(contractor, exclude=["residence", "created_by"])
        contractor.save()
        if specialties is not None:
            contractor.specialties.set(specialties)
    return contractor


def contractor_delete(*, contractor: Contractor, user) -> None:
    with transaction.atomic():
        _require_member(contractor.residence, user)
        contractor.delete()
