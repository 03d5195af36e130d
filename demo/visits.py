"""Demo visits, planned and confirmed, so that champions and experts have an agenda to read.

The ``seed_demo`` command runs ``seed_visits()``, then ``seed_claims()`` and ``seed_feedback()``;
all are safe to run again. Every city selected in a call whose decisions are released gets a
confirmed visit. If no call has released decisions yet, the demo first tells the closed 2025
call's round (five cities reviewed and decided, Lisbon and Leipzig selected, see
``selection``), so the open call keeps its reviews and decisions for the coordinator to try out.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from calls.models import Call
from people.roles import CHAMPION, COORDINATOR, EXPERT
from visits.claims.expenses import add_expense
from visits.claims.services import open_claim, save_bank_details, submit_claim
from visits.matching import suggest_champion_pairs
from visits.models import AgendaItem, Feedback, LumpSumClaim, Visit
from visits.services import (
    confirm_visit,
    open_visits,
    propose_stakeholders,
    schedule_visit,
    set_team,
    submit_feedback,
)

from .accounts import demo_user
from .content import SELECTED
from .selection import select_demo_cities

PARTNER_EXPERT = "partner.expert@example.org"


@transaction.atomic
def seed_visits() -> list[Visit]:
    for call in Call.objects.filter(decisions_released_at__isnull=False):
        open_visits(call)
    if not Visit.objects.exists():
        select_demo_cities()
    coordinator = get_user_model().objects.filter(groups__name=COORDINATOR).order_by("pk").first()
    experts = [
        demo_user("expert@example.org", EXPERT, name=("Sofie", "Martens")),
        demo_user(PARTNER_EXPERT, EXPERT, name=("Tomás", "Rey")),
    ]
    visits = Visit.objects.select_related("application__call").order_by("pk")
    for number, visit in enumerate(visits):
        if visit.state == Visit.State.PLANNING and not visit.team.exists():
            _plan(visit, number, experts, coordinator)
    return list(visits.all())


def _plan(visit: Visit, number: int, experts, coordinator) -> None:
    pairs = suggest_champion_pairs(visit, limit=100)
    if not pairs or coordinator is None:
        return
    # The demo champion account should have a visit to look at, if one of its pairs fits.
    pair = next((p for p in pairs if p.first.user_id or p.second.user_id), pairs[0])
    for champion in pair.champions:
        if champion.user_id is None:
            champion.user = demo_user(champion.email, CHAMPION)
            champion.save(update_fields=["user"])
    set_team(visit, pair.champions, *experts, actor=coordinator)
    first_day = _first_day(visit, number)
    visit = schedule_visit(visit, first_day, actor=coordinator)
    proposal = next((d for d in SELECTED if d["city"] == visit.application.city), None)
    if proposal:
        visit = propose_stakeholders(visit, stakeholders=proposal["stakeholders"],
                                     feedback_subject=proposal["feedback_subject"])  # fmt: skip
    _add_sessions(visit, first_day)
    _add_agenda(visit, first_day)
    confirm_visit(visit, actor=coordinator)


def _first_day(visit: Visit, number: int) -> dt.date:
    """A Tuesday some weeks into the visit window, a few weeks apart for each visit."""
    call = visit.call
    day = call.visit_window_start + dt.timedelta(weeks=9 + 6 * number)
    day += dt.timedelta(days=(1 - day.weekday()) % 7)
    latest = call.visit_window_end - dt.timedelta(days=call.nights)
    return min(day, latest)


def _add_sessions(visit: Visit, first_day: dt.date) -> None:
    slug = visit.application.city.lower().replace(" ", "-")
    for weeks, topic in [(4, "Getting to know the city's challenge"),
                         (1, "Preparing the agenda together")]:  # fmt: skip
        day = first_day - dt.timedelta(weeks=weeks)
        visit.sessions.create(
            starts_at=dt.datetime.combine(day, dt.time(10, 0), tzinfo=visit.zone),
            duration=90,
            topic=topic,
            video_link=f"https://meet.example.org/chc-{slug}",
            attendees="The visiting team, the host officer and the coordinator",
        )


def _add_agenda(visit: Visit, first_day: dt.date) -> None:
    kinds, city = AgendaItem.Kind, visit.application.city
    second, last = first_day + dt.timedelta(days=1), visit.ends_on
    items = [
        (first_day, "13:30", "14:00", "Welcome coffee", kinds.MEAL, "City hall", ""),
        (first_day, "14:00", "16:30", "The challenge, told by the host team", kinds.MEETING,
         "City hall", "Integration team of the city"),
        (first_day, "16:45", "18:00", "Walk through the neighbourhood", kinds.SITE_VISIT,
         f"Centre of {city}", ""),
        (first_day, "19:30", "21:30", "Dinner with the host team", kinds.MEAL, "Restaurant", ""),
        (second, "09:00", "12:30", "Meetings with stakeholders", kinds.MEETING, "City hall",
         visit.stakeholders),
        (second, "12:30", "13:30", "Lunch", kinds.MEAL, "City hall canteen", ""),
        (second, "13:30", "17:00", "Visits to the services", kinds.SITE_VISIT, "Around the city",
         "Staff and users of the services"),
        (last, "09:00", "11:00", "The team prepares its feedback", kinds.MEETING, "City hall", ""),
        (last, "11:00", "12:30", "Closing reflections with the city's management",
         kinds.REFLECTION, "Mayor's office", "Deputy mayor, head of department"),
    ]  # fmt: skip
    for day, start, end, title, kind, place, stakeholders in items:
        visit.agenda.create(
            day=day, starts_at=dt.time.fromisoformat(start), ends_at=dt.time.fromisoformat(end),
            title=title, kind=kind, place=place, stakeholders=stakeholders,
            services=visit.feedback_subject if kind == kinds.SITE_VISIT and day == second else "",
        )  # fmt: skip


# --- The host's questionnaire ------------------------------------------------------------------

# Leipzig's host answered the questionnaire after the visit; Lisbon's host has yet to, so the
# demo shows both the questionnaire and the coordinator's summary of the answers.
DEMO_FEEDBACK = {
    "Leipzig": {
        "insights": 5, "energised": 4, "connections": 4,
        "most_useful": "The walk through the services with the champions.",
        "next_steps": "A single front desk for newcomers by the autumn.",
    },
}  # fmt: skip


@transaction.atomic
def seed_feedback() -> list[Feedback]:
    """The hosts of ``DEMO_FEEDBACK`` answer the questionnaire, once their visit is over."""
    answered = []
    visits = Visit.objects.filter(application__city__in=DEMO_FEEDBACK, feedback__isnull=True)
    for visit in visits.select_related("application__call", "application__applicant"):
        if not visit.feedback_refusal():
            answers = DEMO_FEEDBACK[visit.application.city]
            answered.append(submit_feedback(visit, by=visit.application.applicant, **answers))
    return answered


# --- The lump-sum claim -------------------------------------------------------------------------

# (category, day of the visit counted from 0, description, amount in euros)
DEMO_EXPENSES = [
    ("Coffee breaks", 0, "Welcome coffee for the team and the host, 8 people", "64.80"),
    ("Dinner", 0, "Dinner with the host team, 9 people", "342.50"),
    ("Lunch", 1, "Lunch at the city hall canteen, 10 people", "185.00"),
    ("Common transport", 1, "Minibus between the services, half a day", "220.00"),
]
DEMO_IBAN = "PT50 0002 0123 1234 5678 9015 4"  # the ECBS sample IBAN: valid, nobody's account


@transaction.atomic
def seed_claims() -> LumpSumClaim | None:
    """The first demo visit that has taken place gets a submitted claim with a few expenses.

    Run after ``seed_visits()``. Safe to run again: a visit that has a claim keeps it.
    """
    visits = Visit.objects.filter(state__in=[Visit.State.CONFIRMED, Visit.State.DONE])
    visits = visits.select_related("application__call", "application__applicant").order_by("pk")
    visit = next((visit for visit in visits if visit.is_over()), None)
    if visit is None:
        return None
    existing = LumpSumClaim.objects.filter(visit=visit).first()
    if existing is not None:
        return existing
    claim, city = open_claim(visit), visit.application.city
    categories = {category.name: category for category in visit.call.cost_categories.all()}
    for number, (name, day, description, amount) in enumerate(DEMO_EXPENSES, start=1):
        if name not in categories:
            continue
        spent_on = visit.starts_on + dt.timedelta(days=day)
        text = [f"{city}: {name}", spent_on.isoformat(), description, f"Total EUR {amount}"]
        receipt = ContentFile(_receipt_pdf(text), name=f"{slugify(city)}-receipt-{number}.pdf")
        add_expense(claim, category=categories[name], spent_on=spent_on, description=description,
                    amount=Decimal(amount), receipt=receipt)  # fmt: skip
    save_bank_details(claim, account_holder=f"City of {city}, treasury", iban=DEMO_IBAN)
    return submit_claim(claim, by=visit.application.applicant)


def _receipt_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of text: the demo's stand-in for a scanned receipt."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    text = "BT /F1 12 Tf 72 780 Td 18 TL " + " ".join(f"({line}) '" for line in escaped) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1", "replace")
    xref = len(pdf)
    pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    pdf += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    pdf += trailer.encode()
    return pdf
