"""The rows of the calls app about one call, for the call's export (see consolidate.registry)."""

from .models import CallSection, Contact, CostCategory, Criterion, CriterionLevel


def call_records(call) -> list:
    return [
        CallSection.objects.filter(call=call),
        Criterion.objects.filter(call=call),
        CriterionLevel.objects.filter(criterion__call=call),
        CostCategory.objects.filter(call=call),
        Contact.objects.filter(call=call),
    ]
