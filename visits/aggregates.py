"""The visits' figures for the staff's dashboards (mixed into ``VisitQuerySet``): one query
each, whatever the number of visits."""

import datetime as dt

from django.db.models import Count, Q


class VisitAggregates:
    def for_calls(self, calls):
        return self.filter(application__call__in=calls)

    def count_per_call_and_state(self) -> dict[int, dict[str, int]]:
        """``{call id: {state: count}}`` in one query."""
        counts: dict[int, dict[str, int]] = {}
        rows = self.values_list("application__call", "state").annotate(count=Count("pk"))
        for call_id, state, count in rows.order_by():
            counts.setdefault(call_id, {})[state] = count
        return counts

    def feedback_per_call(self, *, today: dt.date) -> dict[int, tuple[int, int]]:
        """``{call id: (answered, due)}``: due, those of visits held and over, unanswered."""
        unanswered = Q(state__in=self.model.HELD, ends_on__lt=today, feedback=None)
        rows = self.values_list("application__call").annotate(
            answered=Count("feedback"), due=Count("pk", filter=unanswered)
        )
        return {call_id: (answered, due) for call_id, answered, due in rows.order_by()}
