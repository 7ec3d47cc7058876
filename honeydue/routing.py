"""Websocket routes; the consumer arrives with the notifications app."""

websocket_urlpatterns: list = []
