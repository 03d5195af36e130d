"""PDF attachments, rendered when an e-mail is sent rather than when it is queued.

Apps register a renderer by name in their ``AppConfig.ready``; an e-mail names it and the id of
the object to render as ``attachment_source = "<name>:<id>"``.
"""

from collections.abc import Callable

RENDERERS: dict[str, Callable[[int], bytes]] = {}


def register(name: str, renderer: Callable[[int], bytes]) -> None:
    RENDERERS[name] = renderer


def render_attachment(source: str) -> bytes:
    name, _, object_id = source.partition(":")
    return RENDERERS[name](int(object_id))
