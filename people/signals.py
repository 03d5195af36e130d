"""Receivers of the people app."""

from allauth.account.signals import user_signed_up
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from .languages import remember_on_response
from .preferences import preferences_of, remember
from .roles import APPLICANT


@receiver(user_signed_up, dispatch_uid="make_new_users_applicants")
def make_new_users_applicants(sender, request, user, **kwargs) -> None:
    """Whoever signs up on the site is a city officer who may apply."""
    user.groups.add(Group.objects.get_or_create(name=APPLICANT)[0])


@receiver(user_signed_up, dispatch_uid="remember_language_and_zone")
def remember_language_and_zone(sender, request, user, **kwargs) -> None:
    """A new person reads in the language they signed up in, on the clock their browser gave."""
    zone = request.POST.get("time_zone") if request is not None else None
    remember(user, language=translation.get_language(), time_zone=zone)


@receiver(user_logged_in, dispatch_uid="keep_stored_language")
def keep_stored_language(sender, request, user, **kwargs) -> None:
    """A person who logs in reads in their stored language from the next page on, whatever this
    browser was showing: the language cookie is set on the log-in's response."""
    chosen = preferences_of(user)
    if chosen is not None and request is not None:
        remember_on_response(request, chosen.language)
