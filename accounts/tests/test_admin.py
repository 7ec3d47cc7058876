import pytest
from django.urls import reverse

from accounts import services
from accounts.models import OneTimeCode, Subscription, User
from accounts.tests.factories import PASSWORD, UserFactory, make_pro

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    admin = User.objects.create_superuser(email="staff@example.com", password=PASSWORD)
    client.force_login(admin)
    return client


def test_non_staff_cannot_open_the_admin(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_user_list_searches_by_email_and_name(staff_client):
    UserFactory(email="ada@example.com", first_name="Ada")
    UserFactory(email="grace@example.com", first_name="Grace")
    response = staff_client.get(reverse("admin:accounts_user_changelist"), {"q": "ada"})
    assert response.status_code == 200
    assert b"ada@example.com" in response.content
    assert b"grace@example.com" not in response.content
    response = staff_client.get(reverse("admin:accounts_user_changelist"), {"q": "Grace"})
    assert b"grace@example.com" in response.content


def test_user_list_filters_by_plan(staff_client):
    make_pro(UserFactory(email="pro@example.com"))
    UserFactory(email="free@example.com")
    response = staff_client.get(reverse("admin:accounts_user_changelist"), {"subscription__tier": "pro"})
    assert b"pro@example.com" in response.content
    assert b"free@example.com" not in response.content


def test_staff_can_add_a_user_with_an_email_and_password(staff_client):
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {"email": "New.Person@Example.com", "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new.person@example.com")
    assert user.check_password(PASSWORD)


def test_adding_a_duplicate_email_in_another_case_is_refused(staff_client):
    UserFactory(email="ada@example.com")
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {"email": "ADA@example.com", "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert User.objects.filter(email="ada@example.com").count() == 1


def test_staff_can_change_a_user_and_see_the_subscription_inline(staff_client):
    user = UserFactory(email="ada@example.com", first_name="Ada")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    assert b"subscription-0-tier" in page.content or b"subscription-TOTAL_FORMS" in page.content
    assert b'name="date_joined"' not in page.content  # read-only
    response = staff_client.post(
        url,
        {
            "email": "ada@example.com",
            "first_name": "Augusta",
            "last_name": "King",
            "timezone": "Europe/London",
            "locale": "en",
            "is_active": "on",
            "subscription-TOTAL_FORMS": "1",
            "subscription-INITIAL_FORMS": "0",
            "subscription-MIN_NUM_FORMS": "0",
            "subscription-MAX_NUM_FORMS": "1",
            "subscription-0-tier": "pro",
            "subscription-0-source": "manual",
            "subscription-0-expires_at_0": "2030-01-01",
            "subscription-0-expires_at_1": "00:00:00",
            "subscription-0-user": str(user.pk),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert (user.first_name, user.timezone) == ("Augusta", "Europe/London")
    assert Subscription.objects.get(user=user).tier == "pro"


def test_one_time_codes_are_read_only_and_never_show_the_hash(staff_client):
    user = UserFactory()
    services.code_issue(user=user, purpose=OneTimeCode.Purpose.RESET_PASSWORD)
    stored = OneTimeCode.objects.get()
    listing = staff_client.get(reverse("admin:accounts_onetimecode_changelist"))
    assert listing.status_code == 200
    assert user.email.encode() in listing.content
    detail = staff_client.get(reverse("admin:accounts_onetimecode_change", args=[stored.pk]))
    assert detail.status_code == 200
    for page in (listing, detail):
        assert stored.code_hash.encode() not in page.content
        assert stored.salt.encode() not in page.content
    assert staff_client.get(reverse("admin:accounts_onetimecode_add")).status_code == 403


def test_subscriptions_filter_by_tier_and_source(staff_client):
    make_pro(UserFactory(email="pro@example.com"))
    Subscription.objects.create(user=UserFactory(email="free@example.com"))
    url = reverse("admin:accounts_subscription_changelist")
    response = staff_client.get(url, {"tier": "pro", "source": "manual"})
    assert response.status_code == 200
    assert b"pro@example.com" in response.content
    assert b"free@example.com" not in response.content


def test_staff_can_set_a_users_password(staff_client):
    user = UserFactory()
    url = reverse("admin:auth_user_password_change", args=[user.pk])  # Django keeps this name for any user model
    response = staff_client.post(
        url, {"usable_password": "true", "password1": "another-long-passphrase", "password2": "another-long-passphrase"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase")
