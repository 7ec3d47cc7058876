from django.urls import path

from accounts.api import subscription_views as views

urlpatterns = [
    path("subscriptions/", views.SubscriptionView.as_view(), name="subscription"),
    path("subscriptions/verify/", views.VerifyPurchaseView.as_view(), name="subscription-verify"),
    path("webhooks/apple/", views.AppleWebhookView.as_view(), name="webhook-apple"),
    path("webhooks/google/", views.GoogleWebhookView.as_view(), name="webhook-google"),
]
