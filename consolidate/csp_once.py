"""django-csp's middleware, with our policy's text built once per process.

django-csp builds the header from settings on every response. Ours is the same for every
response unless a view changes it (``csp_update`` and friends), exempts itself or asks for a
nonce, or a report-only policy is configured: then the library's own path runs.
"""

import functools

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What a view sets on its response to change the policy (csp.decorators).
PER_RESPONSE = (
    "_csp_exempt", "_csp_config", "_csp_update", "_csp_replace",
    "_csp_exempt_ro", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro",
)  # fmt: skip


@functools.cache
def policy() -> str:
    return build_policy()


@receiver(setting_changed)
def _forget_policy(setting, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        policy.cache_clear()


class PolicyOnceCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        plain = (
            not settings.DEBUG
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and getattr(request, "_csp_nonce", None) is None
            and HEADER not in response
            and not any(getattr(response, name, None) for name in PER_RESPONSE)
        )
        if not plain:
            return super().process_response(request, response)
        response[HEADER] = policy()
        # As the library does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
