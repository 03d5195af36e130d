"""The reviews a person wrote as a reviewer, for "my data" (see people.services)."""

from .models import Review


def _export_review(review: Review) -> dict:
    return {
        "call": review.application.call.title,
        "application": review.application.reference,
        "state": review.state,
        "conflict_of_interest": review.conflict_reason,
        "assigned_at": review.assigned_at,
        "submitted_at": review.submitted_at,
        "scores": [
            {"criterion": score.criterion.name, "score": score.value, "comment": score.comment}
            for score in review.scores.all()
        ],
    }


def export(user) -> list[dict]:
    reviews = Review.objects.of(user).select_related("application__call")
    return [_export_review(review) for review in reviews.prefetch_related("scores__criterion")]


def erase(user) -> None:
    """Nothing: the scores and comments are the call's record of how each application was
    assessed (the decisions rest on them), and the account they point to is anonymised by
    people.services.erase_account, so they no longer name the reviewer."""
