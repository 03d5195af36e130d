"""What an officer's applications hold about them, for "my data" (see people.services)."""

from .models import Application


def export(user) -> list[dict]:
    applications = (
        Application.objects.of(user).select_related("call").prefetch_related("themes", "versions")
    )
    return [
        {
            "call": application.call.title,
            "reference": application.reference,
            "state": application.state,
            "answers": application.answers(),
            "submitted_versions": [
                {"submitted_at": version.submitted_at.isoformat(), "answers": version.answers}
                for version in application.versions.all()
            ],
        }
        for application in applications
    ]


def erase(user) -> None:
    """The applications lose their personal data, except a selected city's, which the grant's
    audit needs (the privacy notice and the delete page say so)."""
    for application in Application.objects.of(user).erasable():
        application.anonymise()
