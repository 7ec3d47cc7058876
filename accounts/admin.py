"""Staff tools: users (with their plan), one-time codes (never the hash) and subscriptions."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts.models import OneTimeCode, Subscription, User, normalize_email


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)
        field_classes = {"email": forms.EmailField}

    def clean_email(self) -> str:
        email = normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("An account with this email address already exists."), code="unique")
        return email


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"email": forms.EmailField}

    def clean_email(self) -> str:
        email = normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("An account with this email address already exists."), code="unique")
        return email


class SubscriptionInline(admin.StackedInline):
    model = Subscription
    can_delete = False
    max_num = 1
    extra = 0
    fields = ("tier", "source", "expires_at", "created_at", "updated_at")
    readonly_fields = ("created_at", "updated_at")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "timezone", "locale", "email_verified")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),)
    readonly_fields = ("last_login", "date_joined")
    list_display = ("email", "first_name", "last_name", "email_verified", "plan", "is_staff", "date_joined")
    list_filter = ("email_verified", "is_staff", "is_superuser", "is_active", "locale", "subscription__tier")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    inlines = [SubscriptionInline]
    list_select_related = ("subscription",)

    @admin.display(description=_("plan"))
    def plan(self, user: User) -> str:
        try:
            return user.subscription.effective_tier()
        except Subscription.DoesNotExist:
            return Subscription.Tier.FREE

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []


@admin.register(OneTimeCode)
class OneTimeCodeAdmin(admin.ModelAdmin):
    """Read-only: staff may see that a code exists and delete it, never its hash or salt."""

    list_display = ("user", "purpose", "attempts", "expires_at", "created_at")
    list_filter = ("purpose",)
    search_fields = ("user__email",)
    fields = ("user", "purpose", "attempts", "expires_at", "created_at")
    readonly_fields = fields
    list_select_related = ("user",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


from accounts import admin_store  # noqa: E402, F401  (subscriptions and store events)
