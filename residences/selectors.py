"""Reads scoped to the caller: every residence-scoped query starts here, so outsiders
get 404 by construction."""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import get_language

from residences.models import (
    Contractor,
    ContractorSpecialty,
    DocumentType,
    Membership,
    Residence,
    ResidenceType,
    TaskCategory,
    TaskFrequency,
    TaskPriority,
)

STATIC_DATA_CACHE_VERSION_KEY = "static_data:version"


def residence_ids_for(user) -> QuerySet:
    """Ids of every residence `user` belongs to, as a subquery."""
    return Membership.objects.filter(user=user).values("residence_id")


def residences_for(user) -> QuerySet[Residence]:
    """Residences the user belongs to, annotated with the caller's `role`, `is_primary`
    (the caller's own choice) and `member_count`."""
    mine = Membership.objects.filter(residence=OuterRef("pk"), user=user)
    owner_id = Membership.objects.filter(residence=OuterRef("pk"), role=Membership.Role.OWNER).values("user_id")[:1]
    return (
        Residence.objects.filter(pk__in=residence_ids_for(user))
        .annotate(
            role=Subquery(mine.values("role")[:1]),
            is_primary=Exists(mine.filter(is_primary=True)),
            owner_id=Subquery(owner_id),
            member_count=Count("memberships", distinct=True),
        )
        .select_related("residence_type")
    )


def residences_with_owner_for(user) -> QuerySet[Residence]:
    """`residences_for` plus the owner's user row in `owner_memberships` (one query for a page)."""
    owners = Membership.objects.filter(role=Membership.Role.OWNER).select_related("user")
    return residences_for(user).prefetch_related(Prefetch("memberships", queryset=owners, to_attr="owner_memberships"))


def members_of(residence: Residence) -> QuerySet[Membership]:
    """Everyone in a residence, owner first, then by joining order."""
    return (
        Membership.objects.filter(residence=residence)
        .select_related("user")
        .order_by("-role", "joined_at", "id")  # "owner" sorts after "member"; descending puts it first
    )


def contractors_for(user) -> QuerySet[Contractor]:
    """Contractors of every residence the user belongs to."""
    return (
        Contractor.objects.filter(residence__in=residence_ids_for(user))
        .prefetch_related("specialties")
        .order_by("-is_favorite", "name", "id")
    )


def membership_of(user, residence_id) -> Membership | None:
    return Membership.objects.filter(user=user, residence_id=residence_id).first()


def owner_of(residence: Residence):
    return Membership.objects.select_related("user").get(residence=residence, role=Membership.Role.OWNER).user


def _static_lists() -> dict[str, list[dict]]:
    def items(model, *extra):
        return [
            {"id": item.pk, "key": item.key, "name": item.localized_name, **{f: getattr(item, f) for f in extra}}
            for item in model.objects.all()
        ]

    return {
        "residence_types": items(ResidenceType),
        "task_categories": items(TaskCategory),
        "task_priorities": items(TaskPriority, "level"),
        "task_frequencies": items(TaskFrequency, "days", "months"),
        "contractor_specialties": items(ContractorSpecialty),
        "document_types": items(DocumentType),
    }


def static_data_payload() -> tuple[bytes, str]:
    """The serialized lookup lists for the active language and their strong ETag.

    Cached per language; with the cache unreachable it is built from the database.
    """
    language = get_language() or settings.LANGUAGE_CODE
    version = cache.get(STATIC_DATA_CACHE_VERSION_KEY, 1)
    key = f"static_data:v{version}:{language}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    body = json.dumps(_static_lists(), separators=(",", ":"), ensure_ascii=False).encode()
    # The language is part of the validator: the variants differ by Accept-Language, and a
    # strong ETag must not match across variants even while their bytes happen to agree.
    etag = '"' + hashlib.sha256(language.encode() + b"\n" + body).hexdigest()[:32] + '"'
    cache.set(key, (body, etag), timeout=24 * 3600)
    return body, etag


def invalidate_static_data() -> None:
    try:
        cache.incr(STATIC_DATA_CACHE_VERSION_KEY)
    except ValueError:
        cache.set(STATIC_DATA_CACHE_VERSION_KEY, 2, timeout=None)
