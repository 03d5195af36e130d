"""A person's right of access and right to be forgotten, across every app.

Each app that holds something about a person registers a contributor with
``consolidate.registry.register_personal_data`` in its ``AppConfig.ready()``; this module
asks all of them, so it never needs to know what the apps above it hold.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction

from consolidate.registry import personal_data

from .models import Preferences, ReviewerProfile
from .preferences import language_of, zone_of


def export_account(user) -> dict:
    profile = ReviewerProfile.objects.filter(user=user).first()
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "reviewer_city": profile.city if profile else None,
        "language": language_of(user),
        "time_zone": str(zone_of(user)),
    }


def export_personal_data(user) -> dict:
    """Everything the platform holds about ``user``: their account, then one key per app."""
    data = {"account": export_account(user)}
    for label, contributor in sorted(personal_data.items()):
        data[label] = contributor.export(user)
    return data


@transaction.atomic
def erase_account(user) -> None:
    """A person's request to be forgotten.

    Every app first removes or anonymises what it holds (while the account still has its
    e-mail address, by which some of it is found); what each keeps, and why, its contributor
    says. Then the account itself is anonymised, not deleted, because decisions, reviews and
    payments point to it: it keeps no e-mail address, name or second factor, and can no
    longer log in.
    """
    for contributor in personal_data.values():
        contributor.erase(user)
    ReviewerProfile.objects.filter(user=user).delete()
    Preferences.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = ""
    user.username = f"deleted-{user.pk}"
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
