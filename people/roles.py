"""The roles people have on the platform, as Django groups, and what each may do in the admin.

The groups themselves are created by a migration (``calls/migrations/0002_roles.py``, written
before this app existed). Their model permissions are (re)granted after every ``migrate``,
because Django creates permissions only after the migrations have run.
"""

from django.contrib.auth.models import Group, Permission

APPLICANT = "applicant"
REVIEWER = "reviewer"
COORDINATOR = "coordinator"
CHAMPION = "champion"
EXPERT = "expert"
ROLES = (APPLICANT, REVIEWER, COORDINATOR, CHAMPION, EXPERT)

_CALL_MODELS = ("call", "callsection", "criterion", "criterionlevel", "costcategory", "contact")

ROLE_PERMISSIONS: dict[str, list[str]] = {
    COORDINATOR: [
        *(f"calls.{action}_{model}" for model in _CALL_MODELS for action in
          ("add", "change", "delete", "view")),
        "calls.add_theme", "calls.change_theme", "calls.view_theme",
        "champions.add_champion", "champions.change_champion", "champions.delete_champion",
        "champions.view_champion",
        "calls.view_draft_call",
        "applications.view_application", "applications.export_applications",
        "reviews.view_review", "reviews.add_review", "reviews.delete_review",
        "reviews.assign_reviewers", "reviews.reopen_review", "reviews.view_all_scores",
        "reviews.view_decision", "consolidate.view_auditentry", "consolidate.view_heartbeat",
        "people.view_reviewerprofile", "people.add_reviewerprofile",
        "people.change_reviewerprofile",
        "notifications.view_email", "notifications.send_reminders",
        "visits.view_visit", "visits.change_visit", "visits.view_teammember",
        *(f"visits.{action}_{model}" for model in ("preparationsession", "agendaitem")
          for action in ("add", "change", "delete", "view")),
        "visits.view_feedback",
        "visits.view_lumpsumclaim", "visits.change_lumpsumclaim", "visits.view_expenseline",
    ],
    REVIEWER: [
        "calls.view_call", "calls.view_criterion", "champions.view_champion",
        "applications.view_application", "reviews.view_review",
    ],
}  # fmt: skip


def grant_role_permissions(**kwargs) -> None:
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        codenames = ROLE_PERMISSIONS.get(role, [])
        wanted = [
            Permission.objects.filter(content_type__app_label=app, codename=codename).first()
            for app, codename in (name.split(".", 1) for name in codenames)
        ]
        group.permissions.add(*[permission for permission in wanted if permission])
