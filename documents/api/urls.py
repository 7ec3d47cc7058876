from rest_framework.routers import SimpleRouter

from documents.api.views import DocumentViewSet, MediaViewSet

router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="document")
router.register("media", MediaViewSet, basename="media")

urlpatterns = router.urls
