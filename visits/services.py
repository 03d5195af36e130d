"""Opening and planning visits, checking their team and agenda, and what the host sends in."""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from applications.models import Application
from calls.models import Call
from champions.models import Champion
from consolidate.audit import record
from consolidate.cities import same_city
from consolidate.refusals import Refused
from consolidate.templatetags import formats
from people.roles import EXPERT
from reviews.models import Decision

from .bookings import book_days, guarded, held_days, people_of, refuse_clashes
from .involvement import forget_involvement
from .models import AgendaItem, Feedback, TeamMember, Visit, VisitChange
from .team_mail import note_change

# How many hours of meetings make a day of contact time, for the agenda's warning.
HOURS_PER_CONTACT_DAY = 8


def _locked(visit: Visit) -> Visit:
    return Visit.objects.select_for_update().select_related("application__call").get(pk=visit.pk)


# --- Opening ------------------------------------------------------------------------------------


@transaction.atomic
def open_visits(call: Call) -> int:
    """Open a visit, in planning, for each city the call selected that has none yet."""
    selected = Application.objects.filter(
        pk__in=Decision.objects.filter(call=call).selected_applications(), visit__isnull=True
    )
    return len([Visit.objects.get_or_create(application=application) for application in selected])


# --- The team -----------------------------------------------------------------------------------


def check_team(
    visit: Visit,
    champions: Sequence[Champion],
    network_expert: AbstractBaseUser | None,
    partner_expert: AbstractBaseUser | None,
) -> None:
    """Refuse a team that breaks a rule; experts may be left out until they are known."""
    if not visit.is_being_planned:
        raise Refused(_("Move the visit back to planning to change its team."))
    problems = _champion_problems(visit, champions)
    experts = [expert for expert in (network_expert, partner_expert) if expert is not None]
    for expert in experts:
        if not expert.groups.filter(name=EXPERT).exists():
            problems.append(_("%(user)s is not an expert.") % {"user": expert})
    if len(experts) == 2 and experts[0] == experts[1]:
        problems.append(_("Please choose two different experts."))
    if problems:
        raise Refused(*problems)


def _champion_problems(visit: Visit, champions: Sequence[Champion]) -> list[str]:
    if not champions:
        return []
    if len(champions) != 2 or champions[0] == champions[1]:
        return [_("Please choose exactly two different champions.")]
    host_city, problems = visit.application.city, []
    for champion in champions:
        if same_city(champion.city, host_city):
            problems.append(
                _("%(name)s comes from %(city)s, the host city: champions come from other cities.")
                % {"name": champion.name, "city": champion.city}
            )
        if not champion.is_available:
            problems.append(_("%(name)s is not available for visits.") % {"name": champion.name})
    if same_city(champions[0].city, champions[1].city):
        problems.append(
            _("Both champions come from %(city)s: please choose champions from two cities.")
            % {"city": champions[0].city}
        )
    return problems


@transaction.atomic
def set_team(
    visit: Visit,
    champions: Sequence[Champion],
    network_expert: AbstractBaseUser | None = None,
    partner_expert: AbstractBaseUser | None = None,
    *,
    actor,
) -> Visit:
    """Replace the visit's team: two champions (or none yet) and the two experts, if known."""
    visit = _locked(visit)
    check_team(visit, champions, network_expert, partner_expert)
    people = [*champions, *(expert for expert in (network_expert, partner_expert) if expert)]
    refuse_clashes(visit, people, *held_days(visit))
    before, was_told = _team_of(visit), _emails_of(visit)
    visit.team.all().delete()
    members = _members(visit, champions, network_expert, partner_expert)
    try:
        guarded(visit, people, lambda: TeamMember.objects.bulk_create(members))
    except IntegrityError as error:
        raise Refused(_("Each person can be on the team once.")) from error
    after, now_told = _team_of(visit), _emails_of(visit)
    if after != before:
        gone = [{"email": email, "user": user} for email, user in was_told.items()
                if email not in now_told]  # fmt: skip
        note_change(visit, VisitChange.What.TEAM, also_tell=gone)
    forget_involvement()
    record("visits.team", visit, actor=actor, before=before, after=after)
    return visit


def _members(visit, champions, network_expert, partner_expert) -> list[TeamMember]:
    starts_on, ends_on = held_days(visit)
    members = [TeamMember(visit=visit, role=TeamMember.Role.CHAMPION, champion=champion)
               for champion in champions]  # fmt: skip
    for role, expert in ((TeamMember.Role.NETWORK_EXPERT, network_expert),
                         (TeamMember.Role.PARTNER_EXPERT, partner_expert)):  # fmt: skip
        if expert is not None:
            members.append(TeamMember(visit=visit, role=role, user=expert))
    for member in members:
        member.booked_from, member.booked_until = starts_on, ends_on
    return members


def _emails_of(visit: Visit) -> dict[str, int | None]:
    """Each team member's address and account (a champion may have none)."""
    members = visit.team.select_related("champion", "user")
    return {member.email: member.account_id for member in members}


def _team_of(visit: Visit) -> dict:
    members = visit.team.select_related("champion", "user").order_by("role", "pk")
    return {"team": [{"role": member.role, "name": member.name} for member in members]}


# --- Dates, agenda and state --------------------------------------------------------------------


@transaction.atomic
def schedule_visit(
    visit: Visit, starts_on: dt.date, ends_on: dt.date | None = None, *, actor
) -> Visit:
    """Set the in-person dates; without a last day, the visit lasts the call's nights."""
    visit = _locked(visit)
    if not visit.is_being_planned:
        raise Refused(_("Move the visit back to planning to change its dates."))
    ends_on = ends_on or visit.default_end(starts_on)
    errors = visit.date_errors(starts_on, ends_on)
    if errors:
        raise Refused(*errors.values())
    refuse_clashes(visit, people_of(visit), starts_on, ends_on)
    before = {"starts_on": visit.starts_on, "ends_on": visit.ends_on}
    visit.starts_on, visit.ends_on = starts_on, ends_on
    visit.revision += 1
    visit.save(update_fields=["starts_on", "ends_on", "revision", "updated_at"])
    book_days(visit)
    after = {"starts_on": starts_on, "ends_on": ends_on}
    record("visits.dates", visit, actor=actor, before=before, after=after)
    return visit


def agenda_warnings(visit: Visit, items: Iterable[AgendaItem] | None = None) -> list[str]:
    """What looks wrong in the agenda; the coordinator may still go ahead."""
    items = sorted(visit.agenda.all() if items is None else items,
                   key=lambda item: (item.day, item.starts_at, item.ends_at))  # fmt: skip
    days = set(visit.days)
    warnings = [
        _("“%(title)s” on %(day)s is outside the visit's dates.")
        % {"title": item.title, "day": formats.day(item.day)}
        for item in items
        if days and item.day not in days
    ]
    warnings += _overlaps(items)
    warnings += _after_reflection(visit, items)
    warnings += _short_contact_time(visit, items)
    return warnings


def _overlaps(items: list[AgendaItem]) -> list[str]:
    warnings, latest = [], None
    for item in items:
        if latest and latest.day == item.day and item.starts_at < latest.ends_at:
            warnings.append(
                _("“%(first)s” and “%(second)s” overlap on %(day)s.")
                % {"first": latest.title, "second": item.title,
                   "day": formats.day(item.day)}
            )  # fmt: skip
        if not latest or latest.day != item.day or item.ends_at > latest.ends_at:
            latest = item
    return warnings


def _after_reflection(visit: Visit, items: list[AgendaItem]) -> list[str]:
    last_day = [item for item in items if item.day == visit.ends_on]
    reflections = [item for item in last_day if item.kind == AgendaItem.Kind.REFLECTION]
    if not reflections:
        return []
    end = max(item.ends_at for item in reflections)
    return [
        _("On the last day, “%(title)s” comes after the reflections session.")
        % {"title": item.title}
        for item in last_day
        if item.kind != AgendaItem.Kind.REFLECTION and item.ends_at > end
    ]


def _short_contact_time(visit: Visit, items: list[AgendaItem]) -> list[str]:
    if not items or not visit.days:
        return []
    minutes, day_end = 0, {}
    for item in items:
        if item.day not in visit.days:
            continue
        start = max(_minutes(item.starts_at), day_end.get(item.day, 0))
        minutes += max(0, _minutes(item.ends_at) - start)
        day_end[item.day] = max(day_end.get(item.day, 0), _minutes(item.ends_at))
    expected = float(visit.call.contact_days) * HOURS_PER_CONTACT_DAY
    if minutes / 60 >= expected:
        return []
    return [
        _("The agenda holds %(hours)s hours; %(days)s days of contact time is about %(expected)s "
          "hours.")
        % {"hours": _hours(minutes / 60), "days": _hours(visit.call.contact_days),
           "expected": _hours(expected)}
    ]  # fmt: skip


def _hours(value) -> str:
    """A number of hours or days in the active language's decimals ("1.5", "1,5")."""
    value = round(float(value), 2)
    places = 0 if value == int(value) else (1 if value * 10 == int(value * 10) else 2)
    return number_format(value, places, use_l10n=True)


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def confirmation_problems(visit: Visit) -> list[str]:
    """What still stands between the visit and its confirmation."""
    team = list(visit.team.all())
    roles = [member.role for member in team]
    problems = []
    if roles.count(TeamMember.Role.CHAMPION) != 2:
        problems.append(_("The team needs two champions."))
    if TeamMember.Role.NETWORK_EXPERT not in roles:
        problems.append(_("The team needs an expert of the network's secretariat."))
    if TeamMember.Role.PARTNER_EXPERT not in roles:
        problems.append(_("The team needs an expert of the expert partner."))
    if not (visit.starts_on and visit.ends_on):
        problems.append(_("The visit has no dates yet."))
        return problems
    problems += visit.date_errors(visit.starts_on, visit.ends_on).values()
    if not visit.agenda.filter(day=visit.ends_on, kind=AgendaItem.Kind.REFLECTION).exists():
        problems.append(
            _("The last day must end with the reflections session with the city's management.")
        )
    return problems


@transaction.atomic
def confirm_visit(visit: Visit, *, actor) -> Visit:
    visit = _locked(visit)
    if visit.state != Visit.State.PLANNING:
        raise Refused(_("Only a visit being planned can be confirmed."))
    problems = confirmation_problems(visit)
    if problems:
        raise Refused(*problems)
    return _move(visit, Visit.State.CONFIRMED, "visits.confirm", actor=actor)


@transaction.atomic
def reopen_visit(visit: Visit, *, actor) -> Visit:
    """Back to planning, to change a confirmed visit or revive a cancelled one."""
    visit = _locked(visit)
    if visit.state not in (Visit.State.CONFIRMED, Visit.State.CANCELLED):
        raise Refused(_("Only a confirmed or cancelled visit can go back to planning."))
    return _move(visit, Visit.State.PLANNING, "visits.reopen", actor=actor)


@transaction.atomic
def complete_visit(visit: Visit, *, actor) -> Visit:
    visit = _locked(visit)
    if visit.state != Visit.State.CONFIRMED:
        raise Refused(_("Only a confirmed visit can be marked as done."))
    if visit.local_today() < visit.ends_on:
        raise Refused(
            _("The visit lasts until %(day)s: it can be marked as done from that day.")
            % {"day": formats.day(visit.ends_on)}
        )
    return _move(visit, Visit.State.DONE, "visits.complete", actor=actor)


@transaction.atomic
def cancel_visit(visit: Visit, *, actor) -> Visit:
    visit = _locked(visit)
    if visit.state not in (Visit.State.PLANNING, Visit.State.CONFIRMED):
        raise Refused(_("Only a visit being planned or confirmed can be cancelled."))
    return _move(visit, Visit.State.CANCELLED, "visits.cancel", actor=actor)


def _move(visit: Visit, state: str, action: str, *, actor) -> Visit:
    """Change the visit's state and write the decision to the audit trail."""
    before = {"state": visit.state}
    visit.state = state
    if state == Visit.State.CONFIRMED:
        visit.confirmed_at, visit.confirmed_by = timezone.now(), actor
    else:
        visit.confirmed_at = visit.confirmed_by = None
    visit.revision += 1  # every event of the visit changes status in the calendars
    visit.save(update_fields=["state", "confirmed_at", "confirmed_by", "revision", "updated_at"])
    book_days(visit)  # a cancelled visit frees its team's days; a revived one takes them again
    record(action, visit, actor=actor, before=before, after={"state": state})
    if state in TOLD:
        note_change(visit, TOLD[state])
    return visit


# The moves the team and the host are told about.
TOLD = {Visit.State.CONFIRMED: VisitChange.What.CONFIRMED,
        Visit.State.CANCELLED: VisitChange.What.CANCELLED}  # fmt: skip


# --- What the host sends in ---------------------------------------------------------------------


@transaction.atomic
def propose_stakeholders(
    visit: Visit, *, stakeholders: str, feedback_subject: str, meeting_address: str | None = None
) -> Visit:
    visit = _locked(visit)
    if visit.state in (Visit.State.DONE, Visit.State.CANCELLED):
        raise Refused(_("This visit is closed: its programme can no longer change."))
    visit.stakeholders, visit.feedback_subject = stakeholders.strip(), feedback_subject.strip()
    if meeting_address is not None:
        visit.meeting_address = meeting_address.strip()
    visit.proposed_at = timezone.now()
    visit.save(update_fields=["stakeholders", "feedback_subject", "meeting_address",
                              "proposed_at", "updated_at"])  # fmt: skip
    return visit


@transaction.atomic
def submit_feedback(
    visit: Visit,
    *,
    by,
    insights: int,
    energised: int,
    connections: int,
    most_useful: str,
    next_steps: str,
) -> Feedback:
    """The host's answers, once, after the visit's last day."""
    visit = _locked(visit)
    refusal = visit.feedback_refusal()
    if refusal:
        raise Refused(refusal)
    if Feedback.objects.filter(visit=visit).exists():
        raise Refused(_("The questionnaire has already been answered."))
    if any(answer not in range(1, 6) for answer in (insights, energised, connections)):
        raise Refused(_("Please answer each question on the scale from 1 to 5."))
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                visit=visit, submitted_by=by, insights=insights, energised=energised,
                connections=connections, most_useful=most_useful.strip(),
                next_steps=next_steps.strip(),
            )  # fmt: skip
    except IntegrityError as error:
        raise Refused(_("The questionnaire has already been answered.")) from error
