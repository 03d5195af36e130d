"""Who may do what with reviews, per object (django-rules)."""

import rules

from people.rules import is_coordinator


@rules.predicate
def is_own_review(user, review) -> bool:
    return review is not None and review.reviewer_id == user.pk


@rules.predicate
def is_open_review(user, review) -> bool:
    return review is not None and not review.is_locked


@rules.predicate
def has_submitted_own_review(user, application) -> bool:
    return application is not None and application.reviews.counting().filter(reviewer=user).exists()


rules.add_perm("reviews.score_review", is_own_review & is_open_review)
rules.add_perm("reviews.see_review", is_own_review | is_coordinator)
rules.add_perm("reviews.see_other_scores", is_coordinator | has_submitted_own_review)
rules.add_perm("reviews.decide", is_coordinator)
