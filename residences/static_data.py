"""The canonical lookup lists and the idempotent seeding both the data migration and
`manage.py seed_static_data` use. Names are English; `gettext_noop` marks them for the catalogs."""

from django.utils.translation import gettext_noop

RESIDENCE_TYPES = [
    ("house", gettext_noop("House")),
    ("apartment", gettext_noop("Apartment")),
    ("condo", gettext_noop("Condo")),
    ("townhouse", gettext_noop("Townhouse")),
    ("mobile_home", gettext_noop("Mobile home")),
    ("cabin", gettext_noop("Cabin")),
    ("other", gettext_noop("Other")),
]
TASK_CATEGORIES = [
    ("appliances", gettext_noop("Appliances")),
    ("cleaning", gettext_noop("Cleaning")),
    ("electrical", gettext_noop("Electrical")),
    ("exterior", gettext_noop("Exterior")),
    ("hvac", gettext_noop("HVAC")),
    ("interior", gettext_noop("Interior")),
    ("landscaping", gettext_noop("Landscaping")),
    ("plumbing", gettext_noop("Plumbing")),
    ("pest_control", gettext_noop("Pest control")),
    ("roofing", gettext_noop("Roofing")),
    ("safety", gettext_noop("Safety")),
    ("seasonal", gettext_noop("Seasonal")),
    ("other", gettext_noop("Other")),
]
# (key, name, level)
TASK_PRIORITIES = [
    ("low", gettext_noop("Low"), 1),
    ("medium", gettext_noop("Medium"), 2),
    ("high", gettext_noop("High"), 3),
    ("urgent", gettext_noop("Urgent"), 4),
]
# (key, name, days, months)
TASK_FREQUENCIES = [
    ("once", gettext_noop("Once"), 0, 0),
    ("daily", gettext_noop("Daily"), 1, 0),
    ("weekly", gettext_noop("Weekly"), 7, 0),
    ("biweekly", gettext_noop("Every two weeks"), 14, 0),
    ("monthly", gettext_noop("Monthly"), 0, 1),
    ("quarterly", gettext_noop("Quarterly"), 0, 3),
    ("semiannually", gettext_noop("Every six months"), 0, 6),
    ("annually", gettext_noop("Annually"), 0, 12),
    ("custom", gettext_noop("Custom"), 0, 0),
]
CONTRACTOR_SPECIALTIES = [
    ("general", gettext_noop("General contractor")),
    ("plumber", gettext_noop("Plumber")),
    ("electrician", gettext_noop("Electrician")),
    ("hvac", gettext_noop("HVAC technician")),
    ("roofer", gettext_noop("Roofer")),
    ("landscaper", gettext_noop("Landscaper")),
    ("painter", gettext_noop("Painter")),
    ("carpenter", gettext_noop("Carpenter")),
    ("cleaner", gettext_noop("Cleaner")),
    ("pest_control", gettext_noop("Pest control")),
    ("appliance_repair", gettext_noop("Appliance repair")),
    ("handyman", gettext_noop("Handyman")),
    ("other", gettext_noop("Other")),
]
DOCUMENT_TYPES = [
    ("warranty", gettext_noop("Warranty")),
    ("manual", gettext_noop("Manual")),
    ("receipt", gettext_noop("Receipt")),
    ("invoice", gettext_noop("Invoice")),
    ("insurance", gettext_noop("Insurance")),
    ("contract", gettext_noop("Contract")),
    ("permit", gettext_noop("Permit")),
    ("inspection", gettext_noop("Inspection report")),
    ("other", gettext_noop("Other")),
]


def _rows(entries, extra_fields=()):
    for order, entry in enumerate(entries):
        key, name, *extra = entry
        yield key, {"name": name, "sort_order": order, **dict(zip(extra_fields, extra, strict=True))}


def seed_lists() -> dict[str, list]:
    """Model name -> rows of (key, defaults)."""
    return {
        "ResidenceType": list(_rows(RESIDENCE_TYPES)),
        "TaskCategory": list(_rows(TASK_CATEGORIES)),
        "TaskPriority": list(_rows(TASK_PRIORITIES, ("level",))),
        "TaskFrequency": list(_rows(TASK_FREQUENCIES, ("days", "months"))),
        "ContractorSpecialty": list(_rows(CONTRACTOR_SPECIALTIES)),
        "DocumentType": list(_rows(DOCUMENT_TYPES)),
    }


def seed(get_model) -> dict[str, int]:
    """Insert missing items and refresh names and order of existing ones, by key.

    `get_model(name)` returns the model class, so a migration can pass its
    historical models. Returns how many rows each list created.
    """
    created_counts = {}
    for model_name, rows in seed_lists().items():
        model = get_model(model_name)
        created_counts[model_name] = 0
        for key, defaults in rows:
            _, created = model.objects.update_or_create(key=key, defaults=defaults)
            created_counts[model_name] += int(created)
    return created_counts


def unseed(get_model) -> None:
    for model_name, rows in seed_lists().items():
        get_model(model_name).objects.filter(key__in=[key for key, _ in rows]).delete()
