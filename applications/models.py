"""A city's application to a call, from first draft to submission or withdrawal."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower, Trim, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from calls.countries import EUMemberStates
from calls.models import Call, Theme
from consolidate.kept_urls import kept_reverse

from .words import word_limit_problem

# What a submission needs answered; the form asks for the same when it submits.
REQUIRED_TO_SUBMIT = (
    "city", "country", "officer_name", "department", "position", "phone", "email",
    "expertise", "relevance", "themes", "challenge", "question",
)  # fmt: skip


class ApplicationQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(state=Application.State.SUBMITTED)

    def drafts(self):
        return self.filter(state=Application.State.DRAFT)

    def for_call(self, call):
        return self.filter(call=call)

    def of(self, user):
        """The applications of ``user`` (a person, or their id)."""
        return self.filter(applicant=user)

    def erasable(self):
        """Those whose personal data may be removed: not kept for an audit (``retention``)."""
        from .retention import kept

        applications = self
        for ids in kept():
            applications = applications.exclude(pk__in=ids)
        return applications

    def seen_by_staff(self):
        """Drafts belong to their officer until submitted; staff never see them."""
        return self.exclude(state=Application.State.DRAFT)

    # Aggregates for the staff's dashboards: one query each, whatever the number of rows.

    def for_calls(self, calls):
        return self.filter(call__in=calls)

    def count_per_call_and_state(self) -> dict[int, dict[str, int]]:
        """``{call id: {state: count}}``."""
        counts: dict[int, dict[str, int]] = {}
        rows = self.values_list("call", "state").annotate(count=Count("pk")).order_by()
        for call_id, state, count in rows:
            counts.setdefault(call_id, {})[state] = count
        return counts

    def started_per_day(self, zone) -> dict:
        """``{day: count}`` of applications started (their first save), days in ``zone``."""
        days = self.annotate(day=TruncDate("created_at", tzinfo=zone))
        return dict(days.values_list("day").annotate(count=Count("pk")).order_by())

    def submitted_per_day(self, zone) -> dict:
        """``{day: count}`` of the submitted applications by the day of their last submission."""
        days = self.submitted().annotate(day=TruncDate("submitted_at", tzinfo=zone))
        return dict(days.values_list("day").annotate(count=Count("pk")).order_by())

    def count_per_country(self) -> dict[str, int]:
        """``{country code: count}``."""
        return dict(self.values_list("country").annotate(count=Count("pk")).order_by())

    def count_per_theme(self) -> dict[int, int]:
        """``{theme id: count}``: an application with two challenges counts for both."""
        rows = self.filter(themes__isnull=False).values_list("themes")
        return dict(rows.annotate(count=Count("pk")).order_by())


class Application(models.Model):
    """One city's application to one call.

    An officer keeps one application per call. It starts as a draft (anything may be saved),
    becomes submitted (everything checked, a reference number given), may be edited and
    submitted again until the deadline (each submission is kept as an ``ApplicationVersion``),
    and may be withdrawn while the call is open. A draft is never withdrawn: its officer deletes
    it, and may then start again.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    number = models.PositiveIntegerField(_("number in the call"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=32, blank=True, default="")

    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), countries=EUMemberStates, blank=True)
    officer_name = models.CharField(_("name of the officer"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    expertise = models.TextField(_("your expertise and responsibilities"), blank=True)
    relevance = models.TextField(_("why peer support would be relevant for your work"), blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="applications", verbose_name=_("challenges")
    )
    challenge = models.TextField(_("description of your challenge"), blank=True)
    question = models.TextField(_("your question for the peer support team"), blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved at"), auto_now=True)
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["call", "number", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        permissions = [("export_applications", _("Can export applications as CSV"))]
        indexes = [
            # The staff's list (ApplicationAdmin.ordering): staff never see drafts, and list a
            # call by reference number, the newest call first. Without it PostgreSQL sorts
            # every application of the call to show 100.
            models.Index(
                fields=["-call", "number", "id"],
                condition=~Q(state="draft"),
                name="application_staff_list",
            ),
            # A call's submitted applications, counted from the index alone (the ranking and
            # the dashboard count them on every page): some 7 ms to 0.7 ms for 8,000.
            models.Index(
                fields=["call"], condition=Q(state="submitted"), name="application_submitted"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "applicant"], name="application_one_per_officer_per_call"
            ),
            models.UniqueConstraint(
                Lower(Trim("city")),
                "call",
                condition=Q(state="submitted"),
                name="application_one_submitted_per_city_per_call",
            ),
            models.UniqueConstraint(
                fields=["call", "number"], name="application_unique_number_per_call"
            ),
            models.CheckConstraint(
                condition=~Q(state="submitted") | (Q(number__isnull=False) & ~Q(reference="")),
                name="application_submitted_has_reference",
            ),
        ]

    def __str__(self) -> str:
        label = self.reference or _("draft")
        return f"{label}: {self.city or _('city not given')}"

    def get_absolute_url(self) -> str:
        return kept_reverse("applications:edit", kwargs={"slug": self.call.slug})

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    def can_be_withdrawn(self, *, at=None) -> bool:
        """Only a submitted application is withdrawn, and only while its call is open."""
        return self.state == self.State.SUBMITTED and self.call.is_open(at=at)

    @property
    def can_be_deleted(self) -> bool:
        """A draft belongs to its officer alone (staff never see it): they may delete it."""
        return self.is_draft

    @property
    def is_editable(self) -> bool:
        return self.state != self.State.WITHDRAWN and self.call.is_open()

    def make_reference(self) -> str:
        return f"{self.call.reference_prefix}-{self.call.deadline.year}-{self.number:03d}"

    def missing_answers(self, themes=None) -> list[str]:
        """The required answers still empty, by field name (``themes``: the ticked ones, if
        not yet stored)."""
        if themes is None:
            themes = self.themes.all() if self.pk else []
        filled = {name: bool(str(getattr(self, name, "") or "").strip()) for name in
                  REQUIRED_TO_SUBMIT if name != "themes"}  # fmt: skip
        filled["themes"] = bool(list(themes))
        return [name for name in REQUIRED_TO_SUBMIT if not filled[name]]

    def submission_problems(self, themes=None) -> list[str]:
        """Why the application cannot be submitted as it is: nothing when it is complete."""
        problems = [
            _("Please answer “%(question)s”.")
            % {"question": self._meta.get_field(name).verbose_name}
            for name in self.missing_answers(themes)
        ]
        too_long = word_limit_problem(self.challenge, self.call.word_limit)
        return [*problems, too_long] if too_long else problems

    def answers(self) -> dict:
        """What the officer answered, as plain data (for versions, PDFs and data downloads)."""
        return {
            "city": self.city,
            "country": str(self.country.name) if self.country else "",
            "officer_name": self.officer_name,
            "department": self.department,
            "position": self.position,
            "phone": self.phone,
            "email": self.email,
            "expertise": self.expertise,
            "relevance": self.relevance,
            "themes": [theme.name for theme in self.themes.all()],
            "challenge": self.challenge,
            "question": self.question,
        }

    PERSONAL_FIELDS = (
        "officer_name", "department", "position", "phone", "email", "expertise", "relevance",
        "challenge", "question",
    )  # fmt: skip

    def anonymise(self) -> None:
        """Remove what identifies a person; the city, country, themes and scores stay."""
        for name in self.PERSONAL_FIELDS:
            setattr(self, name, "")
        self.anonymised_at = timezone.now()
        self.save(update_fields=[*self.PERSONAL_FIELDS, "anonymised_at", "updated_at"])
        self.versions.update(answers={})

    def withdraw(self) -> None:
        self.state = self.State.WITHDRAWN
        self.withdrawn_at = timezone.now()
        self.save(update_fields=["state", "withdrawn_at", "updated_at"])


class ApplicationVersion(models.Model):
    """What was submitted, each time it was submitted."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"))
    answers = models.JSONField(_("answers"))

    class Meta:
        ordering = ["application", "number"]
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="application_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} v{self.number}"
