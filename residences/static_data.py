"""The canonical lookup lists and the idempotent seeding both the data migration and
`manage.py seed_static_data` use. Names are English; `gettext_noop` marks them for the catalogs."""

from django.utils.translation import gettext_noop as N_

RESIDENCE_TYPES = [
    ("house", N_("House")),
    ("apartment", N_("Apartment")),
    ("condo", N_("Condo")),
    ("townhouse", N_("Townhouse")),
    ("mobile_home", N_("Mobile home")),
    ("cabin", N_("Cabin")),
    ("other", N_("Other")),
]
TASK_CATEGORIES = [
    ("appliances", N_("Appliances")),
    ("cleaning", N_("Cleaning")),
    ("electrical", N_("Electrical")),
    ("exterior", N_("Exterior")),
    ("hvac", N_("HVAC")),
    ("interior", N_("Interior")),
    ("landscaping", N_("Landscaping")),
    ("plumbing", N_("Plumbing")),
    ("pest_control", N_("Pest control")),
    ("roofing", N_("Roofing")),
    ("safety", N_("Safety")),
    ("seasonal", N_("Seasonal")),
    ("other", N_("Other")),
]
# (key, name, level)
TASK_PRIORITIES = [
    ("low", N_("Low"), 1),
    ("medium", N_("Medium"), 2),
    ("high", N_("High"), 3),
    ("urgent", N_("Urgent"), 4),
]
# (key, name, days, months)
TASK_FREQUENCIES = [
    ("once", N_("Once"), 0, 0),
    ("daily", N_("Daily"), 1, 0),
    ("weekly", N_("Weekly"), 7, 0),
    ("biweekly", N_("Every two weeks"), 14, 0),
    ("monthly", N_("Monthly"), 0, 1),
    ("quarterly", N_("Quarterly"), 0, 3),
    ("semiannually", N_("Every six months"), 0, 6),
    ("annually", N_("Annually"), 0, 12),
    ("custom", N_("Custom"), 0, 0),
]
CONTRACTOR_SPECIALTIES = [
    ("general", N_("General contractor")),
    ("plumber", N_("Plumber")),
    ("electrician", N_("Electrician")),
    ("hvac", N_("HVAC technician")),
    ("roofer", N_("Roofer")),
    ("landscaper", N_("Landscaper")),
    ("painter", N_("Painter")),
    ("carpenter", N_("Carpenter")),
    ("cleaner", N_("Cleaner")),
    ("pest_control", N_("Pest control")),
    ("appliance_repair", N_("Appliance repair")),
    ("handyman", N_("Handyman")),
    ("other", N_("Other")),
]
DOCUMENT_TYPES = [
    ("warranty", N_("Warranty")),
    ("manual", N_("Manual")),
    ("receipt", N_("Receipt")),
    ("invoice", N_("Invoice")),
    ("insurance", N_("Insurance")),
    ("contract", N_("Contract")),
    ("permit", N_("Permit")),
    ("inspection", N_("Inspection report")),
    ("other", N_("Other")),
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
