from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from champions.models import Champion
from reviews.signals import decisions_released

from .involvement import forget_involvement, is_involved
from .models import TeamMember, Visit
from .services import open_visits


@receiver(user_logged_in, dispatch_uid="visits_remember_involvement")
def remember_involvement(sender, request, user, **kwargs) -> None:
    """Work the menu's answer out while logging in, not on the first page after it."""
    is_involved(user)


@receiver(post_save, sender=Visit, dispatch_uid="visits_forget_on_visit_save")
@receiver(post_delete, sender=Visit, dispatch_uid="visits_forget_on_visit_delete")
@receiver(post_save, sender=TeamMember, dispatch_uid="visits_forget_on_member_save")
@receiver(post_delete, sender=TeamMember, dispatch_uid="visits_forget_on_member_delete")
@receiver(post_save, sender=Champion, dispatch_uid="visits_forget_on_champion_save")
def forget_on_change(sender, **kwargs) -> None:
    forget_involvement()


@receiver(decisions_released, dispatch_uid="visits_open_on_release")
def open_visits_on_release(sender, call, **kwargs) -> None:
    """Released decisions open a visit, in planning, for each selected city."""
    open_visits(call)
