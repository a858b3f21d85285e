"""`{% constant "name" %}...{% endconstant %}`: markup that is the same on every page in a
language (the site's header links, its footer), rendered once per process and language.

Every page of the site carries it, and an uncached page spent about a tenth of its render on
it (some 30 `{% translate %}`, `{% url %}` and `{% static %}` tags). What may be inside is
what cannot change while the process runs: translations, reversed URLs, static files' names.
The block is rendered with an empty context, so nothing of a request or a page can reach the
kept copy. A `{{ variable }}` or a `{% block %}` (which a page could fill in) inside it is
refused when the template is compiled; any other read of a variable (`{% if user %}`,
`{% for x in items %}`, `{% csrf_token %}`) when it is rendered. (A comparison such as
`{% if a == "b" %}` swallows that error and is false: keep those outside.)
"""

from django import template
from django.core.signals import setting_changed
from django.template.base import VariableNode
from django.template.loader_tags import BlockNode
from django.utils.autoreload import file_changed
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

_kept: dict[tuple[str, str, str | None], SafeString] = {}


def forget_all(**_kwargs) -> None:
    """Drop every kept copy: a test's changed settings, or (runserver) an edited template or
    translation, may change the URLs or the words."""
    _kept.clear()


setting_changed.connect(forget_all, dispatch_uid="constant-markup-forget")
file_changed.connect(forget_all, dispatch_uid="constant-markup-forget-on-edit")


class ConstantBlockError(template.TemplateSyntaxError):
    pass


def _refused(key) -> ConstantBlockError:
    return ConstantBlockError(
        f"A {{% constant %}} block reads the variable {key!r}: it is rendered once for every "
        "page, so it may hold only what is the same on all of them."
    )


class _NothingContext(template.Context):
    """A context with no variables that says so when one is read (instead of rendering it as
    empty, which would keep a wrong copy for every page)."""

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            raise _refused(key) from None

    def get(self, key, otherwise=None):
        if key not in self:
            raise _refused(key)
        return super().get(key, otherwise)


class ConstantNode(template.Node):
    def __init__(self, origin: str, name: str, nodelist: template.NodeList):
        self.key = (origin, name)  # the same name in two templates is two blocks
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        key = (*self.key, get_language())
        markup = _kept.get(key)
        if markup is None:
            empty = _NothingContext(autoescape=context.autoescape)
            # The engine and the template, for an error's report (with DEBUG, its origin).
            empty.template = context.template
            empty.render_context.template = context.render_context.template
            markup = _kept[key] = self.nodelist.render(empty)  # already safe
        return markup


@register.tag
def constant(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise ConstantBlockError('Usage: {% constant "name" %}...{% endconstant %}')
    nodelist = parser.parse(("endconstant",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(VariableNode) or nodelist.get_nodes_by_type(BlockNode):
        raise ConstantBlockError(
            f"{{% constant {bits[1]} %}} holds a variable or a block: it is rendered once for "
            "every page, so it may hold only what is the same on all of them."
        )
    origin = getattr(parser.origin, "name", None) or ""
    return ConstantNode(str(origin), bits[1][1:-1], nodelist)
