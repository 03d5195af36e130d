"""``{% url %}`` through ``kept_reverse`` (consolidate/kept_urls.py): each address reversed
once per process. A template builtin (TEMPLATES' ``builtins``), so it is every template's
``{% url %}``, the admin's and allauth's included; what it writes is what Django's writes."""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from consolidate.kept_urls import kept_reverse

register = template.Library()


class KeptURLNode(defaulttags.URLNode):
    def render(self, context) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None and not hasattr(request, "current_app"):
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        try:
            view_name = self.view_name.resolve(context)
            address = kept_reverse(view_name, args, kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
            address = ""
        if self.asvar:
            context[self.asvar] = address
            return ""
        return conditional_escape(address) if context.autoescape else address


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
