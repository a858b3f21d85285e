"""Admin page forms: image fields accept only images the editing user may choose.

Wagtail's image chooser lists only choosable images, but the form field behind it accepts any
image id; without this a group's staff could attach another group's photo by posting its id.
"""

from django.db.models import Q
from django.forms import ModelChoiceField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.images.models import AbstractImage
from wagtail.permissions import policy_registry


class ChoosableImagesPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        forms = [self]
        for formset in self.formsets.values():
            forms += [*formset.forms, formset.empty_form]
        for form in forms:
            for name, field in form.fields.items():
                if self._is_image_field(field):
                    self._limit_to_choosable(form, name, field)

    @staticmethod
    def _is_image_field(field) -> bool:
        model = getattr(getattr(field, "queryset", None), "model", None)
        return isinstance(field, ModelChoiceField) and model and issubclass(model, AbstractImage)

    def _limit_to_choosable(self, form, name, field) -> None:
        model = field.queryset.model
        choosable = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
            self.for_user, ["choose"]
        )
        # An image already set (by a moderator, say) stays valid so that saving does not fail.
        current = getattr(form.instance, f"{name}_id", None)
        field.queryset = model.objects.filter(Q(pk__in=choosable.values("pk")) | Q(pk=current))
