"""Re-save stored images without EXIF/GPS/XMP and drop their renditions (made again clean).

Safe to run again: images already clean are left alone.
"""

from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from marketplace.image_metadata import image_strip_metadata


class Command(BaseCommand):
    help = "Remove EXIF, GPS and XMP metadata from every stored image and its renditions."

    def handle(self, *args, **options):
        cleaned = checked = 0
        for image in get_image_model().objects.order_by("pk").iterator(chunk_size=200):
            checked += 1
            if image_strip_metadata(image=image):
                cleaned += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"cleaned image {image.pk}: {image.title}")
        self.stdout.write(f"{cleaned} of {checked} images had metadata and were cleaned.")
