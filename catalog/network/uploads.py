"""Documents sent with an application: PDF, JPEG or PNG only, checked by their content (not
the name or the browser's word), at most NETWORK_DOCUMENT_MAX_BYTES each; photos are saved
without their metadata (EXIF, GPS), like every other uploaded image."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image as PILImage

from marketplace.image_metadata import uploaded_file_stripped

MAX_DOCUMENTS = 5
IMAGE_FORMATS = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png"}


def _max_bytes() -> int:
    return int(getattr(settings, "NETWORK_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024))


def document_checked(uploaded: UploadedFile) -> tuple[UploadedFile, str]:
    """The file to store and its content type; ValidationError (for the form) otherwise."""
    limit = _max_bytes()
    if uploaded.size is None or uploaded.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(size)d MB.")
            % {"name": uploaded.name, "size": limit // (1024 * 1024)}
        )
    uploaded.seek(0)
    head = uploaded.read(5)
    uploaded.seek(0)
    if head == b"%PDF-":
        return uploaded, "application/pdf"
    try:
        with PILImage.open(io.BytesIO(uploaded.read())) as image:
            image_format = image.format or ""
            width, height = image.size
            image.verify()
    except Exception:  # Pillow raises many kinds of error on what is not an image
        image_format = ""
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("%(name)s is not a PDF, JPEG or PNG file.") % {"name": uploaded.name}
        )
    # A small file can declare a huge canvas; decoding it to strip metadata would eat memory.
    if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        raise ValidationError(_("%(name)s has too many pixels.") % {"name": uploaded.name})
    return uploaded_file_stripped(uploaded), IMAGE_FORMATS[image_format]
