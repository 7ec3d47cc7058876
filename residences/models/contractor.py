from django.conf import settings
from django.db import models


class Contractor(models.Model):
    """A tradesperson a residence uses; every member may read and edit."""

    residence = models.ForeignKey("residences.Residence", on_delete=models.CASCADE, related_name="contractors")
    name = models.CharField(max_length=120)
    company = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    specialties = models.ManyToManyField("residences.ContractorSpecialty", blank=True, related_name="contractors")
    notes = models.TextField(blank=True)
    is_favorite = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_favorite", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="contractor_name_not_blank"),
            # Target of composite foreign keys that keep a task's contractor in the task's residence.
            models.UniqueConstraint(fields=["id", "residence"], name="contractor_id_residence_unique"),
        ]

    def __str__(self) -> str:
        return self.name
