import pytest
from django.apps import apps
from django.contrib import admin

OUR_APPS = ("accounts", "residences", "tasks", "documents", "notifications")


def test_every_model_of_ours_is_in_the_admin():
    missing = [
        model._meta.label
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if not admin.site.is_registered(model) and not model._meta.auto_created
    ]
    assert not missing, f"models without an admin: {missing}"


@pytest.mark.django_db
def test_admin_changelists_render_for_staff(admin_client):
    from residences.tests.factories import ResidenceFactory

    ResidenceFactory()
    for model in admin.site._registry:
        if model._meta.app_label not in OUR_APPS:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = admin_client.get(url)
        assert response.status_code == 200, url
