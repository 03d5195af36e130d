"""The demo's accounts: one way to make a person who can log in with the demo password."""

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from people.second_factor import DEMO_TOTP_SECRET, has_second_factor

from .content import DEMO_PASSWORD


def demo_user(
    email: str,
    role: str | None = None,
    *,
    name: tuple[str, str] = ("", ""),
    is_staff: bool = False,
    is_superuser: bool = False,
):
    """The demo account of ``email``, created with a verified address if it is new.

    Staff get the demo's second factor, so that the staff pages can be tried out.
    """
    user, created = get_user_model().objects.get_or_create(
        username=email,
        defaults={"email": email, "is_staff": is_staff, "is_superuser": is_superuser},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if name[0] and not user.first_name:
        user.first_name, user.last_name = name
        user.save(update_fields=["first_name", "last_name"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    if is_staff and not has_second_factor(user):
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user
