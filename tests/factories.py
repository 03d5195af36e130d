import datetime as dt
import zoneinfo
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from applications.models import Application
from applications.services import submit_application
from calls.models import Call, CallSection, Contact, CostCategory, Criterion, Theme
from champions.models import Champion

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.LazyAttribute(lambda user: user.username)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Call {n}")
    slug = factory.Sequence(lambda n: f"call-{n}")
    summary = "Peer support for one concrete challenge."
    state = Call.State.PUBLISHED
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    visit_window_start = dt.date(2027, 1, 1)
    visit_window_end = dt.date(2027, 6, 30)
    lump_sum = Decimal("3400.00")

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted if extracted is not None else [ThemeFactory()])


class CallSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallSection

    call = factory.SubFactory(CallFactory)
    heading = "Context"
    body = "Some **context**."


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    description = "What reviewers look at."


class CostCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostCategory

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Cost {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    call = factory.SubFactory(CallFactory)
    name = "Ada Contact"
    email = "ada@example.org"


class ChampionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Champion

    name = factory.Sequence(lambda n: f"Champion {n}")
    email = factory.Sequence(lambda n: f"champion{n}@example.org")
    city = "Ghent"
    country = "BE"
    programme = Champion.Programme.CONSOLIDATE
    languages = "nl, en"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft; submit it through the service to test submission."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory, roles=["applicant"])
    city = factory.Sequence(lambda n: f"City {n}")
    country = "BE"
    officer_name = "Olga Officer"
    department = "Integration"
    position = "Adviser"
    phone = "+32 2 000 00 00"
    email = factory.LazyAttribute(lambda application: application.applicant.email)
    expertise = "I coordinate integration services."
    relevance = "We need outside eyes."
    challenge = "Our challenge in a few words."
    question = "How do we start?"

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted if extracted is not None else self.call.themes.all())


def submitted(application: Application, *, number: int | None = None) -> Application:
    """``application`` submitted through ``submit_application``, as its officer submits it.

    ``number`` fixes its number in the call (the next one otherwise). A call whose deadline
    has passed took the application a minute before its deadline, the last time it could.
    """
    application.number = number
    call = application.call
    at = None if call.is_open() else call.deadline - dt.timedelta(minutes=1)
    return submit_application(application, by=application.applicant, at=at)


class SubmittedApplicationFactory(ApplicationFactory):
    """An application its officer submitted (through the service); ``number`` 1 by default."""

    number = 1

    @factory.post_generation
    def submit(self, create, extracted, **kwargs):
        if create:
            submitted(self, number=self.number)


class VisitFactory(factory.django.DjangoModelFactory):
    """A visit in planning for a submitted application (its decision is not modelled)."""

    class Meta:
        model = "visits.Visit"

    application = factory.SubFactory(SubmittedApplicationFactory)


class PreparationSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "visits.PreparationSession"

    visit = factory.SubFactory(VisitFactory)
    starts_at = dt.datetime(2027, 2, 15, 10, 0, tzinfo=BRUSSELS)
    topic = "Getting to know the challenge"
    video_link = "https://video.example.org/room"
    attendees = "The team and the host"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "visits.AgendaItem"

    visit = factory.SubFactory(VisitFactory)
    day = factory.LazyAttribute(lambda item: item.visit.starts_on or dt.date(2027, 3, 9))
    starts_at = dt.time(9, 0)
    ends_at = dt.time(10, 30)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    place = "City hall"


class ChampionWithAccountFactory(ChampionFactory):
    user = factory.SubFactory(UserFactory, roles=["champion"])


# --- Lump-sum claims ----------------------------------------------------------------------------


def real_pdf(text: str = "Receipt") -> bytes:
    """A small, real PDF file (one blank page titled ``text``)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


RECEIPT_PDF = real_pdf()
COST_CATEGORY_NAMES = ["Coffee breaks", "Lunch", "Dinner", "Common transport", "Interpretation"]


def _days_ago(days: int):
    return lambda: timezone.localdate() - dt.timedelta(days=days)


class PastVisitFactory(VisitFactory):
    """A confirmed visit that took place last week, in a call with its cost categories."""

    class Meta:
        skip_postgeneration_save = True

    application = factory.SubFactory(
        SubmittedApplicationFactory,
        call__opens_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=200)),
        call__deadline=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=150)),
        call__visit_window_start=factory.LazyFunction(_days_ago(100)),
        call__visit_window_end=factory.LazyFunction(_days_ago(-80)),
    )
    state = "confirmed"
    starts_on = factory.LazyFunction(_days_ago(10))
    ends_on = factory.LazyFunction(_days_ago(8))
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create:
            call = self.application.call
            for order, name in enumerate(extracted or COST_CATEGORY_NAMES):
                CostCategory.objects.get_or_create(call=call, name=name, defaults={"order": order})


class LumpSumClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "visits.LumpSumClaim"

    visit = factory.SubFactory(PastVisitFactory)
    account_holder = "City treasury"
    iban = "BE71096123456769"


class ExpenseLineFactory(factory.django.DjangoModelFactory):
    """A line stored as the service stores it: the receipt under our own name."""

    class Meta:
        model = "visits.ExpenseLine"

    claim = factory.SubFactory(LumpSumClaimFactory)
    category = factory.LazyAttribute(
        lambda line: (
            line.claim.visit.application.call.cost_categories.first()
            or CostCategoryFactory(call=line.claim.visit.application.call)
        )
    )
    spent_on = factory.LazyAttribute(lambda line: line.claim.visit.starts_on)
    description = factory.Sequence(lambda n: f"Dinner for the team {n}")
    amount = Decimal("120.00")
    receipt = factory.django.FileField(data=RECEIPT_PDF, filename="dinner.pdf")
    receipt_name = "dinner.pdf"
    receipt_type = "application/pdf"
    receipt_size = len(RECEIPT_PDF)


def claim_in(state: str, *, coordinator=None, lines: int = 1, **fields):
    """A claim of a past visit with ``lines`` expenses, taken to ``state`` through the services."""
    from visits.claims import review, services

    claim = LumpSumClaimFactory(**fields)
    for _ in range(lines):
        ExpenseLineFactory(claim=claim)
    if state == "draft":
        return claim
    coordinator = coordinator or UserFactory(roles=["coordinator"], is_staff=True)
    claim = services.submit_claim(claim, by=claim.visit.application.applicant)
    if state == "changes_requested":
        return review.request_changes(claim, message="Please add the lunch.", by=coordinator)
    if state == "submitted":
        return claim
    claim = review.approve_claim(claim, by=coordinator)
    if state == "approved":
        return claim
    return review.record_payment(
        claim, paid_on=timezone.localdate(), amount=claim.approved_amount, reference="PAY-1",
        by=coordinator,
    )  # fmt: skip
