import factory

from residences.models import TaskFrequency
from residences.tests.factories import ResidenceFactory
from tasks.models import Task


def frequency(key: str) -> TaskFrequency:
    return TaskFrequency.objects.get(key=key)


class TaskFactory(factory.django.DjangoModelFactory):
    """A one-time task unless `frequency=frequency("weekly")` etc.; frequency_key follows the frequency."""

    class Meta:
        model = Task

    residence = factory.SubFactory(ResidenceFactory)
    title = factory.Sequence(lambda n: f"Task {n}")
    frequency = factory.LazyFunction(lambda: frequency("once"))
    frequency_key = factory.LazyAttribute(lambda o: o.frequency.key)
    series_start_date = factory.LazyAttribute(lambda o: o.due_date)
    due_date = None
