"""Static lookup lists served by /api/static_data/; seeded, rarely edited."""

from django.db import models
from django.utils.translation import gettext


class LookupItem(models.Model):
    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80, help_text="English name; translated through the locale catalogs.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def localized_name(self) -> str:
        return gettext(self.name)


class ResidenceType(LookupItem):
    """House, apartment, condo..."""


class TaskCategory(LookupItem):
    """Plumbing, HVAC, electrical..."""

    class Meta(LookupItem.Meta):
        verbose_name_plural = "task categories"


class TaskPriority(LookupItem):
    """Low to urgent; `level` orders them."""

    level = models.PositiveSmallIntegerField(unique=True)

    class Meta(LookupItem.Meta):
        verbose_name_plural = "task priorities"


class TaskFrequency(LookupItem):
    """How often a task recurs: a step of `days` or `months`; neither for once and custom."""

    days = models.PositiveSmallIntegerField(default=0)
    months = models.PositiveSmallIntegerField(default=0)

    class Meta(LookupItem.Meta):
        verbose_name_plural = "task frequencies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days=0) | models.Q(months=0), name="frequency_days_or_months_not_both"
            ),
            # Target of tasks' composite foreign key (frequency_id, frequency_key).
            models.UniqueConstraint(fields=["id", "key"], name="frequency_id_key_unique"),
        ]

    @property
    def is_one_time(self) -> bool:
        return self.key == "once"

    @property
    def is_custom(self) -> bool:
        return self.key == "custom"


class ContractorSpecialty(LookupItem):
    """Plumber, electrician, roofer..."""

    class Meta(LookupItem.Meta):
        verbose_name_plural = "contractor specialties"


class DocumentType(LookupItem):
    """Warranty, manual, receipt..."""
