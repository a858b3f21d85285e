"""Admin page forms: image fields accept only images the editing user may choose.

Wagtail's image chooser lists only choosable images, but the form field behind it accepts any
image id; without this a group's staff could attach another group's photo by posting its id.
The same holds for images inside StreamFields (a group's story, a mela's description).
"""

from django.db.models import Q
from django.forms import ModelChoiceField
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.base import BlockField
from wagtail.images import get_image_model
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
        return bool(
            isinstance(field, ModelChoiceField) and model and issubclass(model, AbstractImage)
        )

    def _choosable(self, model):
        return policy_registry.get_by_type(model).instances_user_has_any_permission_for(
            self.for_user, ["choose"]
        )

    def _limit_to_choosable(self, form, name, field) -> None:
        model = field.queryset.model
        choosable = self._choosable(model)
        # An image already set (by a moderator, say) stays valid so that saving does not fail.
        current = getattr(form.instance, f"{name}_id", None)
        field.queryset = model.objects.filter(Q(pk__in=choosable.values("pk")) | Q(pk=current))

    def clean(self):
        cleaned = super().clean()
        if self.for_user is not None:
            for name, field in self.fields.items():
                if isinstance(field, BlockField) and cleaned.get(name) is not None:
                    self._check_stream_images(name, field.block, cleaned[name])
        return cleaned

    def _check_stream_images(self, name, block, value) -> None:
        wanted = _image_references(block, value)
        if not wanted:
            return
        # Images the stream holds already (set by a moderator, say) stay valid, as above.
        current = _image_references(block, getattr(self.instance, name, None))
        model = get_image_model()
        allowed = {
            str(pk)
            for pk in self._choosable(model).filter(pk__in=wanted).values_list("pk", flat=True)
        }
        if wanted - allowed - current:
            self.add_error(name, _("Choose only images from your own collections."))


def _image_references(block, value) -> set[str]:
    """Ids of the images a StreamField value uses (image blocks and images in rich text)."""
    if value is None:
        return set()
    return {
        object_id
        for model, object_id, _path, _content_path in block.extract_references(value)
        if issubclass(model, AbstractImage)
    }
