"""A call for applications, what it offers and how applications to it are judged."""

import zoneinfo
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consolidate.kept_urls import kept_reverse
from consolidate.zone_names import zone_city as city_of_zone

from .phases import Phase, later_stage
from .validators import validate_day_list, validate_time_zone


class Theme(models.Model):
    """A challenge a city can ask peer support for; also what a champion knows about."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("challenge theme")
        verbose_name_plural = _("challenge themes")

    def __str__(self) -> str:
        return self.name


class CallQuerySet(models.QuerySet):
    def public(self):
        return self.filter(state__in=Call.PUBLIC_STATES)

    def visible_to(self, user):
        return self.all() if user.has_perm("calls.view_draft_call") else self.public()

    def closed_before(self, moment):
        return self.filter(deadline__lt=moment)

    def open(self, *, at=None):
        at = at or timezone.now()
        return self.filter(
            state=Call.State.PUBLISHED,
            opens_at__lte=at,
            deadline__gt=at,
            decisions_released_at__isnull=True,
        )


class Call(models.Model):
    """A call for applications.

    Its ``state`` is what a coordinator sets (draft, published, archived). A published call's
    round then goes through its phases (``phase()``): upcoming, open from ``opens_at`` until the
    exact instant ``deadline``, closed after it, and decisions released once a coordinator
    releases them (``reviews.services.release_decisions``, refused before the deadline), which
    closes the call for good, whatever its deadline says later. Only an open call takes or
    changes applications.

    After the release the round goes on in higher apps: ``round_phase()`` (``phases.py``).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    PUBLIC_STATES = (State.PUBLISHED, State.ARCHIVED)  # everybody may read it (public())
    Phase = Phase

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=10,
        default="CHC",
        help_text=_("Start of the reference numbers of this call's applications, e.g. CHC."),
    )
    summary = models.TextField(_("summary"), help_text=_("One or two sentences, plain text."))
    eligibility = models.TextField(
        _("eligibility"), help_text=_("Who may apply. Markdown."), blank=True
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    opens_at = models.DateTimeField(_("opens at"))
    deadline = models.DateTimeField(
        _("deadline"), help_text=_("The exact instant after which nothing is accepted.")
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Brussels",
        validators=[validate_time_zone],
        help_text=_("Dates and times of the call are shown in this zone."),
    )
    places = models.PositiveSmallIntegerField(
        _("places"), default=2, help_text=_("How many cities can be selected.")
    )
    visit_window_start = models.DateField(_("visits from"))
    visit_window_end = models.DateField(_("visits until"))
    contact_days = models.DecimalField(
        _("contact time in days"), max_digits=3, decimal_places=1, default=Decimal("1.5")
    )
    nights = models.PositiveSmallIntegerField(_("nights on site"), default=2)
    lump_sum = models.DecimalField(
        _("lump sum"), max_digits=10, decimal_places=2, default=Decimal("3400.00")
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    word_limit = models.PositiveIntegerField(
        _("word limit of the challenge description"),
        default=500,
        validators=[MinValueValidator(1)],
    )
    review_deadline = models.DateTimeField(_("review deadline"), null=True, blank=True)
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=2
    )
    score_min = models.DecimalField(
        _("lowest score"), max_digits=4, decimal_places=1, default=Decimal("0")
    )
    score_max = models.DecimalField(
        _("highest score"), max_digits=4, decimal_places=1, default=Decimal("5")
    )
    score_step = models.DecimalField(
        _("score step"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("0.5"),
        help_text=_("0.5 allows half points."),
    )
    total_threshold = models.DecimalField(
        _("lowest weighted total that can be selected"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    spread_threshold = models.DecimalField(
        _("disagreement flag"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("2"),
        help_text=_("Reviewers' scores on a criterion further apart than this are flagged."),
    )
    draft_reminder_days = models.CharField(
        _("remind drafts (days before the deadline)"),
        max_length=40,
        default="7,1",
        validators=[validate_day_list],
        help_text=_("Days before the deadline, separated by commas."),
    )
    review_reminder_days = models.CharField(
        _("remind reviewers (days before the review deadline)"),
        max_length=40,
        default="3,1",
        validators=[validate_day_list],
    )
    visit_reminder_days = models.CharField(
        _("remind visit preparation (days before the visit)"),
        max_length=40,
        default="14",
        validators=[validate_day_list],
    )
    feedback_reminder_days = models.CharField(
        _("remind the feedback questionnaire (days after the visit)"),
        max_length=40,
        default="2,10",
        validators=[validate_day_list],
    )
    claim_reminder_days = models.CharField(
        _("remind the lump-sum claim (days after the visit)"),
        max_length=40,
        default="7,30",
        validators=[validate_day_list],
    )
    decisions_released_at = models.DateTimeField(_("decisions released at"), null=True, blank=True)
    themes = models.ManyToManyField(Theme, related_name="calls", verbose_name=_("themes offered"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-deadline"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        permissions = [("view_draft_call", _("Can see draft calls on the site"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=F("opens_at")), name="call_deadline_after_opening"
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="call_places_at_least_one"),
            models.CheckConstraint(condition=Q(lump_sum__gte=0), name="call_lump_sum_not_negative"),
            models.CheckConstraint(
                condition=Q(visit_window_end__gte=F("visit_window_start")),
                name="call_visit_window_ordered",
            ),
            models.CheckConstraint(condition=Q(word_limit__gte=1), name="call_word_limit_positive"),
            models.CheckConstraint(
                condition=Q(score_max__gt=F("score_min")) & Q(score_step__gt=0),
                name="call_score_scale_valid",
            ),
            models.CheckConstraint(
                condition=Q(reviewers_per_application__gte=1),
                name="call_at_least_one_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return kept_reverse("calls:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            errors["deadline"] = _("The deadline must come after the opening time.")
        if (
            self.visit_window_start
            and self.visit_window_end
            and self.visit_window_end < self.visit_window_start
        ):
            errors["visit_window_end"] = _("The visit window must end after it starts.")
        if self.lump_sum is not None and self.lump_sum < 0:
            errors["lump_sum"] = _("The lump sum cannot be negative.")
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    # The zone's city as the reader says it: "Bruxelles" in French for Europe/Brussels.
    zone_city = property(lambda self: city_of_zone(self.time_zone))

    def phase(self, *, at=None) -> "Call.Phase":
        at = at or timezone.now()
        if self.state == self.State.DRAFT:
            return self.Phase.DRAFT
        if self.state == self.State.ARCHIVED:
            return self.Phase.ARCHIVED
        if self.decisions_released:
            return self.Phase.RELEASED
        if at < self.opens_at:
            return self.Phase.UPCOMING
        return self.Phase.OPEN if at < self.deadline else self.Phase.CLOSED

    def round_phase(self, *, at=None) -> "Call.Phase":
        """``phase()``; once released, the later stage a higher app reports (one call's page)."""
        phase = self.phase(at=at)
        return (later_stage(self) or phase) if phase == self.Phase.RELEASED else phase

    def is_open(self, *, at=None) -> bool:
        """Whether the call accepts applications at ``at`` (now by default)."""
        return self.phase(at=at) == self.Phase.OPEN

    def has_deadline_passed(self, *, at=None) -> bool:
        return (at or timezone.now()) >= self.deadline

    def score_choices(self) -> list[Decimal]:
        """Every score on the call's scale, from lowest to highest."""
        values, value = [], self.score_min
        while value <= self.score_max:
            values.append(value)
            value += self.score_step
        return values

    @property
    def decisions_released(self) -> bool:
        return self.decisions_released_at is not None

    def time_left(self, *, at=None):
        at = at or timezone.now()
        return self.deadline - at if self.is_open(at=at) else None


class CallSection(models.Model):
    """A titled part of the call text (context, how peer support works, ...), in Markdown."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("body"), help_text=_("Markdown. HTML is removed when shown."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["call", "order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.heading


class Criterion(models.Model):
    """A published selection criterion of a call, scored on the call's scale."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=Decimal("1.00")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    threshold = models.DecimalField(
        _("lowest score that can be selected"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("An application whose score on this criterion is lower cannot be selected."),
    )
    tie_break_rank = models.PositiveSmallIntegerField(
        _("tie-break rank"),
        null=True,
        blank=True,
        help_text=_("Equal totals are ranked by this criterion's score: 1 first, then 2, ..."),
    )

    class Meta:
        ordering = ["call", "order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.UniqueConstraint(fields=["call", "name"], name="criterion_unique_name_per_call"),
        ]

    def __str__(self) -> str:
        return self.name


class CriterionLevel(models.Model):
    """What a score on a criterion's scale means."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="levels")
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1)
    description = models.CharField(_("what it means"), max_length=300)

    class Meta:
        ordering = ["criterion", "score"]
        verbose_name = _("score level")
        verbose_name_plural = _("score levels")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "score"], name="criterion_level_unique_score"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.description}"


class CostCategory(models.Model):
    """A kind of cost the call's lump sum may be spent on."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="cost_categories")
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["call", "order", "pk"]
        verbose_name = _("eligible cost category")
        verbose_name_plural = _("eligible cost categories")
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="cost_category_unique_per_call")
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """Someone applicants may write to with questions about a call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["call", "order", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name
