"""Uploaded photos keep their pixels and lose their metadata (EXIF, GPS, XMP, IPTC, comments).

Home-based workers photograph their work at home: a phone's JPEG carries the GPS position of
that home, and Willow copies a JPEG's EXIF into every JPEG rendition served publicly. So every
original is re-saved on upload with only its pixels (and its colour profile): the EXIF
orientation is applied to the pixels first, so a portrait photo stays upright. Renditions are
made from the clean original, so they are clean too.

`MetadataFreeImageForm` is the Wagtail image form's base (WAGTAILIMAGES_IMAGE_FORM_BASE): every
upload path of the admin (add, multiple upload, chooser upload, replacing a file) goes through
it. `image_strip_metadata` cleans an image already stored (`manage.py images_strip_metadata`).
"""

import io
import os

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageOps, ImageSequence
from wagtail.images.forms import BaseImageForm

# Pillow's format name -> the format the clean copy is saved in (phones' MPO is a JPEG).
SAVED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "GIF"}

# Where metadata hides in what Pillow reads: none of these is written back.
METADATA_KEYS = (
    "exif",
    "xmp",
    "XML:com.adobe.xmp",
    "photoshop",
    "comment",
    "Raw profile type exif",
)

JPEG_QUALITY_WHEN_ROTATED = 90


class UnsupportedImageFormat(ValueError):
    pass


def has_metadata(data: bytes) -> bool:
    """True when the image in `data` still carries EXIF, XMP, IPTC or a comment."""
    with PILImage.open(io.BytesIO(data)) as image:
        if len(image.getexif()):
            return True
        if any(image.info.get(key) for key in METADATA_KEYS):
            return True
    return b"Exif\x00" in data or b"http://ns.adobe.com/xap" in data


def metadata_stripped(data: bytes) -> bytes:
    """`data` re-saved in its own format with the orientation applied and no metadata."""
    with PILImage.open(io.BytesIO(data)) as source:
        saved_format = SAVED_FORMATS.get(source.format or "")
        if saved_format is None:
            raise UnsupportedImageFormat(source.format)
        icc_profile = source.info.get("icc_profile")
        output = io.BytesIO()
        if getattr(source, "is_animated", False) and saved_format in ("GIF", "WEBP", "PNG"):
            _save_animation(source, output, saved_format)
        else:
            _save_still(source, output, saved_format, icc_profile)
    return output.getvalue()


def _save_still(source, output, saved_format: str, icc_profile) -> None:
    upright = ImageOps.exif_transpose(source)
    rotated = source.getexif().get(0x0112, 1) not in (0, 1)
    options: dict = {"icc_profile": icc_profile} if icc_profile else {}
    if saved_format == "JPEG":
        if not rotated and source.format == "JPEG":
            # Unrotated JPEG: the same quantisation tables, so no visible loss from re-saving.
            upright = source
            options.update(quality="keep", subsampling="keep")
        else:
            options.update(quality=JPEG_QUALITY_WHEN_ROTATED)
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
    elif saved_format == "WEBP":
        options.update(lossless=source.info.get("lossless", False), quality=90)
    elif saved_format in ("GIF", "PNG") and "transparency" in source.info:
        options["transparency"] = source.info["transparency"]
    upright.info = {}
    upright.save(output, format=saved_format, **options)


def _save_animation(source, output, saved_format: str) -> None:
    frames = []
    for frame in ImageSequence.Iterator(source):
        copy = frame.copy()
        copy.info = {}
        frames.append(copy)
    options = {"save_all": True, "append_images": frames[1:], "loop": source.info.get("loop", 0)}
    if "duration" in source.info:
        options["duration"] = source.info["duration"]
    frames[0].save(output, format=saved_format, **options)


def uploaded_file_stripped(uploaded):
    """A new uploaded file with the same name and content type, its metadata removed."""
    uploaded.seek(0)
    clean = metadata_stripped(uploaded.read())
    name = os.path.basename(uploaded.name)
    return SimpleUploadedFile(name, clean, content_type=getattr(uploaded, "content_type", None))


class MetadataFreeImageForm(BaseImageForm):
    """Wagtail's image form, saving the uploaded file without its metadata."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is None or "file" not in self.changed_data:
            return uploaded
        try:
            return uploaded_file_stripped(uploaded)
        except UnsupportedImageFormat:
            return uploaded  # SVG or another format Pillow does not write: nothing to strip


def image_strip_metadata(*, image) -> bool:
    """Re-save `image`'s stored original without metadata and delete its renditions (they are
    made again, clean, when next asked for). False when it was clean already or unreadable."""
    try:
        with image.open_file() as stored:
            data = stored.read()
        if not has_metadata(data):
            return False
        clean = metadata_stripped(data)
    except (UnsupportedImageFormat, OSError):
        return False
    old_name, old_size = image.file.name, (image.width, image.height)
    with transaction.atomic():
        image.file.save(os.path.basename(old_name), ContentFile(clean), save=False)
        with PILImage.open(io.BytesIO(clean)) as upright:
            image.width, image.height = upright.size
        image._set_image_file_metadata()
        if (image.width, image.height) != old_size:  # turned upright: the old focal point is off
            image.set_focal_point(None)
        image.save()
        image.renditions.all().delete()
        transaction.on_commit(lambda: image.file.storage.delete(old_name))
    return True
