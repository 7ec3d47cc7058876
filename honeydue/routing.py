"""Websocket routes: one socket per client at /ws/ (notifications.consumers)."""

from django.urls import path

from notifications.consumers import NotificationConsumer

websocket_urlpatterns: list = [path("ws/", NotificationConsumer.as_asgi())]
