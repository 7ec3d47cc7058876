from rest_framework import serializers

from notifications.models import Device, Notification, NotificationPreference


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "data",
            "residence_id",
            "local_date",
            "is_read",
            "read_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None


class UnreadCountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class ReadAllSerializer(serializers.Serializer):
    updated = serializers.IntegerField(help_text="How many notifications were marked read.")


class PreferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = NotificationPreference
        fields = [
            "task_reminders",
            "overdue_reminders",
            "daily_digest",
            "warranty_reminders",
            "push_enabled",
            "email_enabled",
        ]


class DeviceSerializer(serializers.ModelSerializer):
    app_version = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    # Uniqueness is handled by the service (a re-registered token moves), not by a validator.
    token = serializers.CharField(max_length=512, validators=[])

    class Meta:
        model = Device
        fields = ["id", "platform", "token", "app_version", "is_active", "last_seen", "created_at"]
        read_only_fields = ["id", "is_active", "last_seen", "created_at"]

    def validate_token(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError("This field may not be blank.")
        return value
