"""Receivers of the people app."""

from allauth.account.signals import user_signed_up
from django.contrib.auth.models import Group
from django.dispatch import receiver

from .roles import APPLICANT


@receiver(user_signed_up, dispatch_uid="make_new_users_applicants")
def make_new_users_applicants(sender, request, user, **kwargs) -> None:
    """Whoever signs up on the site is a city officer who may apply."""
    user.groups.add(Group.objects.get_or_create(name=APPLICANT)[0])
