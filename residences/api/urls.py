from django.urls import path
from rest_framework.routers import SimpleRouter

from residences.api import views

router = SimpleRouter(use_regex_path=False)
router.register("residences", views.ResidenceViewSet, basename="residence")
router.register("contractors", views.ContractorViewSet, basename="contractor")

urlpatterns = [
    path("static_data/", views.StaticDataView.as_view(), name="static-data"),
    path("residences/join/", views.JoinView.as_view(), name="residence-join"),
    path("residences/<int:id>/members/", views.MemberListView.as_view(), name="residence-members"),
    path(
        "residences/<int:id>/members/<int:user_id>/",
        views.MemberDetailView.as_view(),
        name="residence-member-detail",
    ),
    path("residences/<int:id>/share-code/", views.ShareCodeView.as_view(), name="residence-share-code"),
    *router.urls,
]
