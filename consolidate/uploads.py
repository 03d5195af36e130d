"""A request too large for any form of ours is refused before its body is read: 413.

The largest file we accept is a 10 MB receipt; UPLOAD_REQUEST_MAX_BYTES adds room for the
form's other fields. A request that announces more (Content-Length) is answered at once,
before CSRF or a view reads the body, so a 12 MB scan costs us no upload time, memory or
temporary file. Django never reads past the announced length (its LimitedStream), so the
announcement is all there is to check; no upload handler is needed for it. A file between the
receipt's limit and this one is read and refused beside its field, where nothing typed is lost.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string


def announced_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if announced_length(request) > settings.UPLOAD_REQUEST_MAX_BYTES:
            return too_large()
        return self.get_response(request)


def too_large() -> HttpResponse:
    context = {"limit": filesizeformat(settings.UPLOAD_REQUEST_MAX_BYTES)}
    response = HttpResponse(render_to_string("413.html", context), status=413)
    # The client may still be sending: tell it this connection ends here.
    response["Connection"] = "close"
    return response
