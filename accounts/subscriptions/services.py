"""Every write to subscriptions and store events.

The app (verify endpoint) and the stores (webhooks, processed in a job) both
end in `apply_store_change`, the one place a store subscription changes state.
"""

import contextlib
import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import StoreEvent, Subscription
from accounts.subscriptions import apple, google, rules
from honeydue.exceptions import Conflict, InvalidInput

logger = logging.getLogger(__name__)


class UnmatchedPurchase(Exception):
    """No account is linked to this purchase yet (the app has not verified it)."""


def subscription_for(user) -> Subscription:
    """The user's subscription row, created free on first use."""
    subscription, _created = Subscription.objects.get_or_create(user=user)
    return subscription


def grant_subscription(*, user, tier: str, days: int | None) -> Subscription:
    """Support staff comping a plan: Pro for `days` (None = no end), or back to free.

    A manual grant replaces any store link; the store re-links on the next verify
    or on a notification carrying the user's app_account_token.
    """
    if tier == Subscription.Tier.PRO and days is not None and days < 1:
        raise InvalidInput(_("Days must be at least 1."), field="days")
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription_for(user).pk)
        subscription.tier = tier
        subscription.source = Subscription.Source.MANUAL if tier == Subscription.Tier.PRO else ""
        subscription.expires_at = (
            timezone.now() + timedelta(days=days) if tier == Subscription.Tier.PRO and days else None
        )
        subscription.status = Subscription.Status.NONE
        subscription.grace_expires_at = subscription.auto_renew = subscription.last_event_at = None
        subscription.product_id = subscription.store_reference = ""
        subscription.save()
    logger.info("subscription %s granted %s", subscription.pk, tier, extra={"subscription_id": subscription.pk})
    return subscription


def _state_of(subscription: Subscription) -> rules.State | None:
    if not subscription.status:
        return None
    return rules.State(
        rules.Status(subscription.status),
        subscription.expires_at,
        subscription.grace_expires_at,
        subscription.auto_renew,
        subscription.product_id,
    )


def apply_store_change(*, subscription_id: int, source: str, reference: str, change: rules.Change) -> bool:
    """Fold one store change into a subscription; False when stale (nothing written)."""
    with transaction.atomic():
        # The app's verify call and a webhook job can race on one row.
        subscription = Subscription.objects.select_for_update().get(pk=subscription_id)
        same_purchase = subscription.source == source and subscription.store_reference == reference
        last_event_at = subscription.last_event_at if same_purchase else None
        if (
            not same_purchase
            and subscription.effective_tier() == Subscription.Tier.PRO
            and (change.kind not in (rules.Kind.SUBSCRIBED, rules.Kind.RENEWED))
        ):
            # News about an older purchase must not end a Pro plan that another purchase pays for.
            return False
        state = rules.apply_change(
            _state_of(subscription) if same_purchase else None,
            change,
            last_event_at=last_event_at,
            default_grace=timedelta(days=settings.GRACE_PERIOD_DAYS),
        )
        if state is None:
            return False
        subscription.tier = Subscription.Tier.PRO
        subscription.source = source
        subscription.store_reference = reference
        subscription.status = state.status.value
        subscription.expires_at = state.expires_at
        subscription.grace_expires_at = state.grace_expires_at
        subscription.auto_renew = state.auto_renew
        subscription.product_id = state.product_id
        subscription.last_event_at = max(filter(None, [last_event_at, change.signed_at]))
        try:
            with transaction.atomic():
                subscription.save()
        except IntegrityError as exc:
            raise Conflict(_("This purchase already belongs to another account.")) from exc
    logger.info(
        "subscription %s: %s -> %s",
        subscription.pk,
        change.kind.value,
        subscription.status,
        extra={"subscription_id": subscription.pk, "source": source},
    )
    return True


def _owned_elsewhere(user, source: str, reference: str) -> bool:
    return Subscription.objects.filter(source=source, store_reference=reference).exclude(user=user).exists()


def verify_apple_purchase(*, user, signed_transaction: str) -> Subscription:
    """A StoreKit 2 transaction the app sends after a purchase or restore."""
    try:
        transaction_info = apple.verify_transaction(signed_transaction)
    except apple.AppleVerificationError as exc:
        raise InvalidInput(_("The transaction could not be verified."), field="signed_transaction") from exc
    if not apple.is_pro_product(transaction_info.get("productId")) or not transaction_info.get("originalTransactionId"):
        raise InvalidInput(_("This product is not a honeyDue Pro subscription."), field="signed_transaction")
    subscription = subscription_for(user)
    token = transaction_info.get("appAccountToken")
    if token and str(token).lower() != str(subscription.app_account_token):
        raise Conflict(_("This purchase belongs to another account."))
    reference = str(transaction_info["originalTransactionId"])
    if _owned_elsewhere(user, Subscription.Source.APPLE, reference):
        raise Conflict(_("This purchase already belongs to another account."))
    change = apple.change_from_transaction(transaction_info, timezone.now())
    apply_store_change(
        subscription_id=subscription.pk, source=Subscription.Source.APPLE, reference=reference, change=change
    )
    subscription.refresh_from_db()
    return subscription


def verify_google_purchase(*, user, product_id: str, purchase_token: str) -> Subscription:
    """A Play purchase the app sends: read its state from the Play API and acknowledge it.

    Raises google.StoreUnavailable when Play cannot be asked (the API answers 503).
    """
    if not google.is_pro_product(product_id):
        raise InvalidInput(_("This product is not a honeyDue Pro subscription."), field="product_id")
    client = google.play_client()
    try:
        resource = client.get_subscription(settings.GOOGLE_PACKAGE_NAME, purchase_token)
    except google.PurchaseNotFound as exc:
        raise InvalidInput(_("Google Play does not know this purchase."), field="purchase_token") from exc
    if google.product_of(resource)[0] != product_id:
        raise InvalidInput(_("The purchase is for another product."), field="product_id")
    subscription = subscription_for(user)
    token = google.account_token_of(resource)
    if token and token.lower() != str(subscription.app_account_token):
        raise Conflict(_("This purchase belongs to another account."))
    if _owned_elsewhere(user, Subscription.Source.GOOGLE, purchase_token):
        raise Conflict(_("This purchase already belongs to another account."))
    change = google.change_from_purchase(resource, timezone.now())
    if change is None:
        raise InvalidInput(_("The purchase is still pending."), field="purchase_token")
    apply_store_change(
        subscription_id=subscription.pk, source=Subscription.Source.GOOGLE, reference=purchase_token, change=change
    )
    if resource.get("acknowledgementState") == "ACKNOWLEDGEMENT_STATE_PENDING":
        try:
            client.acknowledge(settings.GOOGLE_PACKAGE_NAME, product_id, purchase_token)
        except (google.StoreUnavailable, google.PurchaseNotFound):
            # The app acknowledges too; a missed one is retried on the next verify.
            logger.warning("Play acknowledge failed for subscription %s", subscription.pk)
    subscription.refresh_from_db()
    return subscription


# --- Store events (webhooks) ------------------------------------------------------------


def record_store_event(
    *, provider: str, event_id: str, event_type: str, payload: dict, signed_at: datetime | None
) -> tuple[StoreEvent, bool]:
    """Store a verified notification once by its provider id and queue processing; repeats are no-ops."""
    with transaction.atomic():
        # The unique (provider, event_id) constraint settles concurrent deliveries.
        event, created = StoreEvent.objects.get_or_create(
            provider=provider,
            event_id=event_id,
            defaults={"event_type": event_type[:64], "payload": payload, "signed_at": signed_at},
        )
        if created:
            transaction.on_commit(lambda: _enqueue(event.pk), robust=True)
    logger.info(
        "store event %s %s %s",
        provider,
        event_type,
        "stored" if created else "repeat",
        extra={"store_event_id": event.pk},
    )
    return event, created


def _enqueue(event_pk: int) -> None:
    from accounts.subscriptions.tasks import process_store_event_task

    process_store_event_task.delay(event_pk)


def reprocess_store_events(event_pks: list[int]) -> int:
    """Admin replay: put events back to pending and queue them again."""
    with transaction.atomic():
        count = StoreEvent.objects.filter(pk__in=event_pks).update(
            status=StoreEvent.Status.PENDING, processed_at=None, last_error=""
        )
        for pk in event_pks:
            transaction.on_commit(lambda pk=pk: _enqueue(pk), robust=True)
    return count


def requeue_stale_store_events(*, older_than: timedelta = timedelta(minutes=10)) -> int:
    """Queue again events still pending long after arrival (their enqueue was lost, e.g. broker down)."""
    cutoff = timezone.now() - older_than
    pks = list(
        StoreEvent.objects.filter(status=StoreEvent.Status.PENDING, received_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:500]
    )
    for pk in pks:
        _enqueue(pk)
    return len(pks)


def _subscription_matching(source: str, references: list[str], account_token: str | None) -> Subscription | None:
    query = Q(source=source, store_reference__in=[ref for ref in references if ref])
    if account_token:
        with contextlib.suppress(ValueError):
            query |= Q(app_account_token=uuid.UUID(str(account_token)))
    return Subscription.objects.filter(query).order_by("-updated_at").first()


def _apply_apple(event: StoreEvent) -> tuple[str, Subscription | None]:
    payload = event.payload
    transaction_info = payload.get("transaction") or {}
    change = apple.change_from_notification(payload)
    if change is None or not apple.is_pro_product(change.product_id):
        return StoreEvent.Status.IGNORED, None
    reference = str(transaction_info.get("originalTransactionId") or "")
    subscription = _subscription_matching(
        Subscription.Source.APPLE, [reference], transaction_info.get("appAccountToken")
    )
    if subscription is None:
        raise UnmatchedPurchase("no account linked to this purchase yet")
    applied = apply_store_change(
        subscription_id=subscription.pk, source=Subscription.Source.APPLE, reference=reference, change=change
    )
    return (StoreEvent.Status.PROCESSED if applied else StoreEvent.Status.IGNORED), subscription


def _apply_google(event: StoreEvent) -> tuple[str, Subscription | None]:
    payload = event.payload
    signed_at = event.signed_at or event.received_at
    if "voidedPurchaseNotification" in payload:
        token = payload["voidedPurchaseNotification"].get("purchaseToken", "")
        subscription = _subscription_matching(Subscription.Source.GOOGLE, [token], None)
        if subscription is None:
            return StoreEvent.Status.IGNORED, None
        change = rules.Change(rules.Kind.REFUNDED, signed_at, product_id=subscription.product_id)
        applied = apply_store_change(
            subscription_id=subscription.pk, source=Subscription.Source.GOOGLE, reference=token, change=change
        )
        return (StoreEvent.Status.PROCESSED if applied else StoreEvent.Status.IGNORED), subscription
    notification = payload.get("subscriptionNotification")
    if not notification or payload.get("packageName") != settings.GOOGLE_PACKAGE_NAME:
        return StoreEvent.Status.IGNORED, None
    token = notification.get("purchaseToken", "")
    try:
        resource = google.play_client().get_subscription(settings.GOOGLE_PACKAGE_NAME, token)
    except google.PurchaseNotFound:
        return StoreEvent.Status.IGNORED, None
    change = google.change_from_purchase(resource, signed_at, notification.get("notificationType"))
    if change is None or not google.is_pro_product(change.product_id):
        return StoreEvent.Status.IGNORED, None
    subscription = _subscription_matching(
        Subscription.Source.GOOGLE, [token, resource.get("linkedPurchaseToken")], google.account_token_of(resource)
    )
    if subscription is None:
        raise UnmatchedPurchase("no account linked to this purchase yet")
    applied = apply_store_change(
        subscription_id=subscription.pk, source=Subscription.Source.GOOGLE, reference=token, change=change
    )
    if resource.get("acknowledgementState") == "ACKNOWLEDGEMENT_STATE_PENDING" and change.kind == rules.Kind.RENEWED:
        # Play refunds purchases nobody acknowledges within 3 days; the app may never have called verify.
        google.play_client().acknowledge(settings.GOOGLE_PACKAGE_NAME, change.product_id, token)
    return (StoreEvent.Status.PROCESSED if applied else StoreEvent.Status.IGNORED), subscription


def process_store_event(event_pk: int) -> str | None:
    """Apply one stored event, once. Raises StoreUnavailable (after recording it) so the job retries."""
    retry_error = None
    with transaction.atomic():
        # Duplicate jobs for one event queue here; the second sees it done.
        event = StoreEvent.objects.select_for_update().filter(pk=event_pk).first()
        if event is None or event.status in (StoreEvent.Status.PROCESSED, StoreEvent.Status.IGNORED):
            return event.status if event else None
        event.attempts = min(event.attempts + 1, 32767)
        try:
            with transaction.atomic():
                apply = _apply_apple if event.provider == StoreEvent.Provider.APPLE else _apply_google
                status, subscription = apply(event)
        except google.StoreUnavailable as exc:
            event.status, event.last_error = StoreEvent.Status.FAILED, str(exc)
            retry_error = exc
        except (UnmatchedPurchase, Conflict, KeyError, TypeError, ValueError) as exc:
            event.status, event.last_error = StoreEvent.Status.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
        else:
            event.status, event.subscription, event.last_error = status, subscription, ""
            event.processed_at = timezone.now()
        event.save()
    logger.info(
        "store event %s processed: %s",
        event.pk,
        event.status,
        extra={"store_event_id": event.pk, "attempts": event.attempts},
    )
    if retry_error is not None:
        raise retry_error
    return event.status
