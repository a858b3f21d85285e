"""Checks on uploaded documents (resources, and any other Wagtail document): the extension is
in WAGTAILDOCS_EXTENSIONS (Wagtail's own check), the size at most DOCUMENT_MAX_UPLOAD_BYTES,
and the content is what the extension says: a PDF starts as one, a spreadsheet is a zip
archive, a text or CSV file is UTF-8 text. A renamed program or page is refused with a message,
as images are (marketplace.image_metadata)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

SNIFF_BYTES = 64 * 1024
SIGNATURES = {"pdf": (b"%PDF-",), "xlsx": (b"PK\x03\x04",)}
TEXT_EXTENSIONS = {"txt", "csv"}


def content_matches_extension(head: bytes, extension: str) -> bool:
    if extension in SIGNATURES:
        return head.startswith(SIGNATURES[extension])
    if extension in TEXT_EXTENSIONS:
        if b"\x00" in head:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # The sample may end inside a character: only an error before its last 3 bytes counts.
            return error.start >= len(head) - 3
        return True
    return False


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # unchanged on an edit
        if upload.size is not None and upload.size > settings.DOCUMENT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("This file is too big. The largest file accepted is %(size)s.")
                % {"size": filesizeformat(settings.DOCUMENT_MAX_UPLOAD_BYTES)}
            )
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        upload.seek(0)
        head = upload.read(SNIFF_BYTES)
        upload.seek(0)
        if not content_matches_extension(head, extension):
            raise forms.ValidationError(
                _("This is not a .%(extension)s file inside. Please upload the document itself.")
                % {"extension": extension}
            )
        return upload
