from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from champions.models import Champion
from reviews.signals import decisions_released

from .involvement import forget_involvement, is_involved
from .models import AgendaItem, PreparationSession, TeamMember, Visit, VisitChange
from .services import open_visits
from .team_mail import note_change


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


@receiver(post_save, sender=AgendaItem, dispatch_uid="visits_tell_agenda_saved")
@receiver(post_delete, sender=AgendaItem, dispatch_uid="visits_tell_agenda_deleted")
@receiver(post_save, sender=PreparationSession, dispatch_uid="visits_tell_session_saved")
@receiver(post_delete, sender=PreparationSession, dispatch_uid="visits_tell_session_deleted")
def tell_programme_change(sender, instance, **kwargs) -> None:
    """After confirmation, the team and the host hear of each change to the programme, however
    it is made (the admin's page, a service, the demo loader)."""
    visit = Visit.objects.filter(pk=instance.visit_id, state=Visit.State.CONFIRMED).first()
    if visit is None:
        return
    if sender is AgendaItem:
        note_change(visit, VisitChange.What.AGENDA, subject=instance.title)
    else:
        note_change(visit, VisitChange.What.SESSION, subject=instance.topic)
