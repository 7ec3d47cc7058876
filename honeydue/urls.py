from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from honeydue import health

handler400 = "honeydue.api.errors.handler400"
handler403 = "honeydue.api.errors.handler403"
handler404 = "honeydue.api.errors.handler404"
handler500 = "honeydue.api.errors.handler500"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/", include("accounts.api.urls")),
    path("api/", include("accounts.api.subscription_urls")),
    path("api/", include("residences.api.urls")),
    path("api/", include("tasks.api.urls")),
    path("api/", include("documents.api.urls")),
    path("api/", include("notifications.api.urls")),
]

if settings.API_DOCS_ENABLED:
    urlpatterns += [
        path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
        path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
        path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    ]
