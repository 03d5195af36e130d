"""The applications to one call and their submitted versions, for the call's export."""

from .models import Application, ApplicationVersion


def call_records(call) -> list:
    applications = Application.objects.for_call(call)
    return [applications, ApplicationVersion.objects.filter(application__in=applications)]
