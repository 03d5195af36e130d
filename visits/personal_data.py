"""The visits a person hosted or visited, and the feedback they gave, for "my data"
(see people.services)."""

from .models import CalendarFeed, Feedback, Visit

FEEDBACK_FIELDS = ("insights", "energised", "connections", "most_useful", "next_steps")


def _visit(visit: Visit, role: str) -> dict:
    return {
        "city": visit.application.city,
        "role": role,
        "state": visit.state,
        "starts_on": visit.starts_on,
        "ends_on": visit.ends_on,
    }


def _roles_on_team(visit: Visit, user) -> list[str]:
    return [
        member.get_role_display()
        for member in visit.team.all()
        if member.user_id == user.pk or (member.champion_id and member.champion.user_id == user.pk)
    ]


def export(user) -> dict:
    hosted = Visit.objects.hosted_by(user).select_related("application")
    visited = (
        Visit.objects.with_member(user)
        .select_related("application")
        .prefetch_related("team__champion")
    )
    feedback = Feedback.objects.filter(submitted_by=user).select_related("visit__application")
    return {
        "hosted": [
            {**_visit(visit, "host"), "stakeholders": visit.stakeholders,
             "feedback_subject": visit.feedback_subject}
            for visit in hosted
        ],
        "on_the_team": [
            _visit(visit, role) for visit in visited for role in _roles_on_team(visit, user)
        ],
        "feedback": [
            {"city": answers.visit.application.city, "submitted_at": answers.submitted_at,
             **{name: getattr(answers, name) for name in FEEDBACK_FIELDS}}
            for answers in feedback
        ],
    }  # fmt: skip


def erase(user) -> None:
    """The person's calendar feed goes (its secret address stops working). Nothing else: a
    team member is a link to the person's account (or champion record) and holds no name or
    address of its own, and the visit's plan and feedback are the host city's record of the
    grant's visit, not the officer's. The account itself is anonymised by
    people.services.erase_account."""
    CalendarFeed.objects.filter(user=user).delete()
