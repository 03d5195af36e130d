"""Reviewers' scores, coordinators' consensus and decisions (their trail: ``consolidate.audit``)."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from calls.models import Call, Criterion
from people.models import language_choices


class ReviewQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(reviewer=user)

    def counting(self):
        """Reviews that count towards an application's result."""
        return self.filter(state=Review.State.SUBMITTED)

    def active(self):
        return self.exclude(state=Review.State.CONFLICT)

    def unfinished(self):
        """Reviews the reviewer has still to finish: not declared yet, or being scored."""
        return self.filter(state__in=[Review.State.ASSIGNED, Review.State.SCORING])

    def in_queue_order(self):
        """A reviewer's queue: the newest call first, each call's applications by reference."""
        return self.order_by("-application__call__deadline", "application__call_id",
                             "application__number", "pk")  # fmt: skip

    # Aggregates for the staff's dashboards: one query each, whatever the number of rows.

    def for_calls(self, calls):
        return self.filter(application__call__in=calls)

    def progress_per_reviewer(self) -> list[dict]:
        """Per call and reviewer: ``assigned``, ``submitted``, ``scoring`` and ``conflicts``."""
        state = Review.State
        return list(
            self.values(
                "reviewer", "reviewer__first_name", "reviewer__last_name", "reviewer__email",
                call=models.F("application__call"),
            ).annotate(
                assigned=Count("pk"),
                submitted=Count("pk", filter=Q(state=state.SUBMITTED)),
                scoring=Count("pk", filter=Q(state=state.SCORING)),
                conflicts=Count("pk", filter=Q(state=state.CONFLICT)),
            ).order_by("call", "reviewer__last_name", "reviewer__email")
        )  # fmt: skip

    def open_work(self) -> list[dict]:
        """Per call (a reviewer's own reviews), newest first: ``submitted``, ``total``
        (conflicts aside) and ``next``, the first unfinished review in reference order, or
        None. Two queries, however many reviews there are."""
        unfinished = Q(state__in=[Review.State.ASSIGNED, Review.State.SCORING])
        rows = list(
            self.values(call=models.F("application__call"))
            .annotate(
                submitted=Count("pk", filter=Q(state=Review.State.SUBMITTED)),
                total=Count("pk", filter=~Q(state=Review.State.CONFLICT)),
                first=Min("application__number", filter=unfinished),
            )
            .order_by("-application__call__deadline")
        )
        firsts = Q(pk__isnull=True)  # matches nothing, yet asks: two queries every time
        for row in rows:
            if row["first"] is not None:
                firsts |= Q(application__call=row["call"], application__number=row["first"])
        following = dict(self.filter(firsts).values_list("application__call", "pk"))
        return [{**row, "next": following.get(row["call"])} for row in rows]


class Review(models.Model):
    """One reviewer's assessment of one application.

    Assigned by a coordinator; the reviewer first declares whether they have a conflict of
    interest (a conflict removes them from the application), then scores each criterion, saving
    as often as they like, and submits. A submitted review is locked until a coordinator reopens
    it.
    """

    class State(models.TextChoices):
        ASSIGNED = "assigned", _("Conflict of interest not declared yet")
        SCORING = "scoring", _("Scoring")
        SUBMITTED = "submitted", _("Submitted")
        CONFLICT = "conflict", _("Conflict of interest declared")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.ASSIGNED, db_index=True
    )
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["application", "assigned_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        permissions = [
            ("assign_reviewers", _("Can assign reviewers")),
            ("reopen_review", _("Can reopen a submitted review")),
            ("view_all_scores", _("Can see every reviewer's scores and the ranking")),
        ]
        indexes = [
            # A reviewer's queue, newest assignment first (ReviewAdmin.ordering).
            models.Index(fields=["reviewer", "-id"], name="review_queue"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="review_one_per_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} / {self.reviewer}"

    @property
    def is_locked(self) -> bool:
        return self.state in (self.State.SUBMITTED, self.State.CONFLICT)


class ScoreQuerySet(models.QuerySet):
    def counting_in(self, call):
        """The scores that count in ``call``: given, in submitted reviews."""
        return self.filter(
            review__application__call=call, review__state=Review.State.SUBMITTED,
            value__isnull=False,
        )  # fmt: skip

    def tally(self) -> list[tuple[int, int, Decimal, int]]:
        """``(criterion id, reviewer id, score, how many times they gave it)``: enough for the
        distribution of scores and each reviewer's mean, in one pass over the scores."""
        rows = self.values_list("criterion", "review__reviewer", "value").annotate(
            count=Count("pk")
        )
        return list(rows.order_by())


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True)
    comment = models.TextField(_("comment"), blank=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        ordering = ["review", "criterion__order"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="score_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Consensus(models.Model):
    """A coordinator's agreed score and comment on a criterion; it counts instead of the mean."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consensus")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="consensus")
    value = models.DecimalField(
        _("consensus score"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    comment = models.TextField(_("consolidated comment"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("consensus score")
        verbose_name_plural = _("consensus scores")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="consensus_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="consensus_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} / {self.criterion}: {self.value}"


class Standing(models.Model):
    """An application's result on its call's criteria, stored so the database can rank and page.

    ``reviews.ranking`` writes it: the services that change scores, reviews or consensus refresh
    the application's standing in their transaction, and reading a ranking first recomputes the
    standings that are missing or were computed on other criteria, weights or thresholds than
    the call has now (``basis``). ``rank_key`` sorts as ``scoring.rank`` orders.
    """

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, primary_key=True, related_name="standing"
    )
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="standings")
    basis = models.CharField(max_length=64)
    rank_key = models.CharField(max_length=255)
    total = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    reviews_in = models.PositiveSmallIntegerField(default=0)
    below_total_threshold = models.BooleanField(default=False)
    criteria = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("standing")
        verbose_name_plural = _("standings")
        indexes = [
            # Covering: a page far down the ranking is found in the index alone (PostgreSQL).
            models.Index(
                fields=["call", "rank_key"], include=["application"], name="standing_call_rank"
            ),
            models.Index(fields=["call", "basis"], name="standing_call_basis"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.total}"


class DecisionQuerySet(models.QuerySet):
    def selected(self):
        return self.filter(outcome=Decision.Outcome.SELECTED)

    def selected_applications(self):
        """The ids of the selected applications (kept whole for the grant's audit)."""
        return self.selected().values("application")

    def count_per_call_and_outcome(self) -> dict[int, dict[str, int]]:
        """``{call id: {outcome: count}}`` in one query."""
        counts: dict[int, dict[str, int]] = {}
        for call_id, outcome, count in (
            self.values_list("call", "outcome").annotate(count=Count("pk")).order_by()
        ):
            counts.setdefault(call_id, {})[outcome] = count
        return counts


class Decision(models.Model):
    class Outcome(models.TextChoices):
        SELECTED = "selected", _("Selected")
        RESERVE = "reserve", _("Reserve")
        NOT_SELECTED = "not_selected", _("Not selected")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision"
    )
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reserve_rank = models.PositiveSmallIntegerField(_("reserve rank"), null=True, blank=True)
    rationale = models.TextField(_("rationale"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["call", "outcome", "reserve_rank"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        # A call's decisions by outcome (the ranking counts the selected on every page) read
        # from the index alone, not from every decision of the call.
        indexes = [models.Index(fields=["call", "outcome"], name="decision_call_outcome")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome="reserve") & Q(reserve_rank__gte=1))
                | (~Q(outcome="reserve") & Q(reserve_rank__isnull=True)),
                name="decision_reserve_has_rank",
            ),
            models.UniqueConstraint(
                fields=["call", "reserve_rank"],
                condition=Q(outcome="reserve"),
                name="decision_unique_reserve_rank",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_outcome_display()}"


def selection_report_file_name(report: "SelectionReport", filename: str) -> str:
    # Random, so a file cannot be guessed even if a proxy ever served MEDIA_ROOT.
    return f"reports/selection-report-{report.call_id}-{uuid.uuid4().hex}.pdf"


class SelectionReportQuerySet(models.QuerySet):
    def for_call(self, call):
        return self.filter(call=call)

    def pending(self):
        return self.filter(state=SelectionReport.State.PENDING)

    def ready(self):
        return self.filter(state=SelectionReport.State.READY)


class SelectionReport(models.Model):
    """One request for a call's selection report PDF, kept with its file for the record.

    A coordinator asks for it (pending); a Celery task renders it and stores the file (ready),
    or records why it could not (failed). Rendering a large call takes seconds and hundreds of
    megabytes, which is why no web request does it.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="selection_reports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # The coordinator's language when they asked: the worker writes the report in it.
    language = models.CharField(
        _("language"), max_length=8, choices=language_choices, default=settings.LANGUAGE_CODE
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    file = models.FileField(_("file"), upload_to=selection_report_file_name, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = SelectionReportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("selection report")
        verbose_name_plural = _("selection reports")
        indexes = [
            models.Index(fields=["call", "-requested_at"], name="selection_report_call"),
        ]

    def __str__(self) -> str:
        return f"{self.call} {self.requested_at:%Y-%m-%d %H:%M} ({self.state})"

    @property
    def download_name(self) -> str:
        stamp = timezone.localtime(self.requested_at).strftime("%Y%m%d-%H%M")
        return f"selection-report-{self.call.slug}-{stamp}.pdf"

    def store(self, content: bytes) -> None:
        """The rendered PDF: saved to storage, the report ready."""
        self.file.save("report.pdf", ContentFile(content), save=False)
        self.state = self.State.READY
        self.finished_at = timezone.now()
        self.error = ""
        self.save(update_fields=["file", "state", "finished_at", "error"])

    def fail(self, error: Exception) -> None:
        self.state = self.State.FAILED
        self.finished_at = timezone.now()
        self.error = f"{type(error).__name__}: {error}"[:2000]
        self.save(update_fields=["state", "finished_at", "error"])
