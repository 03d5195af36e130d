"""What apps contribute to features that cross them all, registered when each app starts.

The kernel and the lower apps never import a higher app. Where a lower app must act on what
higher apps own, the higher app registers a contributor here in its ``AppConfig.ready()``:

- ``reminders``: ``scan(now) -> list[Message]``, the e-mails that are due now (``notifications``
  runs every scan on beat's schedule and queues what they return);
- ``attachments``: ``name -> render(object_id) -> bytes``, a document attached to an e-mail
  when it is sent (the e-mail names it as ``"<name>:<id>"``);
- ``personal_data``: contributors that export and erase what an app holds about a person;
- ``call_records``: ``records(call) -> list[QuerySet]``, the rows an app holds about a call, for
  the call's export (``manage.py export_call``);
- ``call_page_sections``: sections a higher app adds to the public call page (the application
  form's questions), each a template and a function of the call giving its context;
- ``call_page_boxes``: what a higher app tells the visitor in the call page's deadline box
  (where the officer stands with their application), a template and ``context(call, user)``,
  None to show nothing. Unlike the sections it depends on the visitor, so it is never cached.
- ``round_stages``: ``stage(call) -> str | None``, the stage of a released call's round that a
  higher app knows (visits: ``"visits"`` under way, ``"done"``), for ``Call.round_phase()``.
- ``scoring``: ``started(call) -> bool`` (a review of the call is submitted) and
  ``preview(call, criteria) -> (before, after)`` (the ranking as stored, and as it would be with
  these unsaved values), so the call's admin can guard its scoring set-up without importing the
  app that scores.
- ``signed_in_reads``: ``keys(user_id) -> list[str]``, cache keys every signed-in page of a
  person reads (visits: what the menu's "My visits" needs), read in the same round trip to the
  cache as the person's row (people/signed_in.py) and handed over as ``user.kept_reads``.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalData:
    """What one app holds about a person: ``export(user) -> dict``, ``erase(user) -> None``."""

    label: str
    export: Callable
    erase: Callable


@dataclass(frozen=True)
class CallPageSection:
    """A section of the call page: its id, title, template and ``context(call)``."""

    anchor: str
    title: str
    template: str
    context: Callable


@dataclass(frozen=True)
class CallPageBox:
    """A visitor's part of the call page's deadline box: its template and
    ``context(call, user) -> dict | None``."""

    template: str
    context: Callable


@dataclass(frozen=True)
class Scoring:
    """How a call's scoring is asked about: ``started(call)``, ``preview(call, criteria)``."""

    started: Callable
    preview: Callable


reminders: dict[str, Callable] = {}
attachments: dict[str, Callable[[int], bytes]] = {}
personal_data: dict[str, PersonalData] = {}
call_page_sections: dict[str, CallPageSection] = {}
call_records: dict[str, Callable] = {}
call_page_boxes: dict[str, CallPageBox] = {}
round_stages: dict[str, Callable] = {}
scoring: dict[str, Scoring] = {}
signed_in_reads: dict[str, Callable[[object], list[str]]] = {}


def register_reminder(name: str, scan: Callable) -> None:
    reminders[name] = scan


def register_attachment(name: str, render: Callable[[int], bytes]) -> None:
    attachments[name] = render


def register_personal_data(label: str, *, export: Callable, erase: Callable) -> None:
    personal_data[label] = PersonalData(label, export, erase)


def register_call_page_section(anchor: str, *, title, template: str, context: Callable) -> None:
    call_page_sections[anchor] = CallPageSection(anchor, title, template, context)


def register_call_page_box(name: str, *, template: str, context: Callable) -> None:
    call_page_boxes[name] = CallPageBox(template, context)


def register_call_records(label: str, records: Callable) -> None:
    call_records[label] = records


def register_scoring(label: str, *, started: Callable, preview: Callable) -> None:
    scoring[label] = Scoring(started, preview)


def render_attachment(source: str) -> bytes:
    name, _, object_id = source.partition(":")
    return attachments[name](int(object_id))


def register_round_stage(name: str, stage: Callable) -> None:
    round_stages[name] = stage


def register_signed_in_read(name: str, keys: Callable[[object], list[str]]) -> None:
    signed_in_reads[name] = keys
