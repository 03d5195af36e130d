"""One error for every "no" of the domain, and one way a view answers it.

A service raises ``Refused`` when a rule of the product forbids what was asked (the deadline
has passed, the places are taken, someone else changed the row). It carries the problems to
show the person, each a sentence. A view answers it with ``answer_refusal``: the problems go
beside the form (or into the page's messages) and the status is 409, so nothing typed is lost.
"""

from django.contrib import messages

CONFLICT = 409


class Refused(Exception):
    """A rule said no; ``problems`` are the sentences that say why."""

    def __init__(self, *problems) -> None:
        self.problems = [str(problem) for problem in problems if problem]
        super().__init__(" ".join(self.problems))


def answer_refusal(refusal: Refused, *, form=None, request=None) -> int:
    """Show the problems beside ``form`` or, without a form, as messages; return 409."""
    for problem in refusal.problems:
        if form is not None:
            form.add_error(None, problem)
        else:
            messages.error(request, problem)
    return CONFLICT
