from django.urls import path
from rest_framework.routers import SimpleRouter

from tasks.api import views

router = SimpleRouter()
router.register("tasks", views.TaskViewSet, basename="task")

urlpatterns = [
    path("completions/<int:pk>/", views.CompletionDetailView.as_view(), name="completion-detail"),
    path("residences/<int:pk>/summary/", views.ResidenceSummaryView.as_view(), name="residence-summary"),
    *router.urls,
]
