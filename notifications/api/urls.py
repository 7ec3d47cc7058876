from django.urls import path
from rest_framework.routers import SimpleRouter

from notifications.api.views import DeviceDetailView, DeviceRegisterView, NotificationViewSet, PreferenceView

router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("notifications/preferences/", PreferenceView.as_view(), name="notification-preferences"),
    path("notifications/devices/", DeviceRegisterView.as_view(), name="notification-devices"),
    path("notifications/devices/<path:token>/", DeviceDetailView.as_view(), name="notification-device-detail"),
    *router.urls,
]
