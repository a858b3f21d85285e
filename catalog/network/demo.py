"""Demo for `manage.py load_demo`: one application to join, waiting for a moderator.
Idempotent: found by name, never changed once created."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from catalog.models import CraftCategory, NetworkApplication
from catalog.network.services import ApplicationDetails, Document, network_application_submit

DEMO_NAME = "Tharparkar Women Artisans Association"
DEMO_DOCUMENT = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@transaction.atomic
def demo_network_application_ensure() -> int:
    """Create the pending demo application if missing; returns 1 if it was created."""
    if NetworkApplication.objects.filter(name=DEMO_NAME).exists():
        return 0
    network_application_submit(
        details=ApplicationDetails(
            name=DEMO_NAME,
            kind="association",
            province="Sindh",
            district="Tharparkar",
            member_count=85,
            about="Women in Mithi and nearby villages who make ralli quilts and mirror-work "
            "embroidery, selling today through a middleman in Hyderabad.",
            contact_name="Sakina Bai",
            contact_phone="+923331234567",
            contact_email="sakina@example.org",
        ),
        crafts=list(CraftCategory.objects.filter(slug__in=["ralli-quilts", "hand-embroidery"])),
        documents=[
            Document(
                file=SimpleUploadedFile("registration-certificate.pdf", DEMO_DOCUMENT),
                content_type="application/pdf",
            )
        ],
        language="ur",
    )
    return 1
