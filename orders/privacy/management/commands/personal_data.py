"""Personal data on request, from the shell: export or erase one buyer's or artisan's data, or
print the README's matrix.

    manage.py personal_data export --username ayesha [--format csv] [--output file]
    manage.py personal_data export --email ayesha@example.org
    manage.py personal_data erase --phone "0300 1234567" --yes [--by admin]
    manage.py personal_data erase --artisan 42 --yes
    manage.py personal_data matrix
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from orders.privacy.erase import ErasureRefused
from orders.privacy.export import as_csv, as_json
from orders.privacy.matrix import matrix_markdown
from orders.privacy.models import SubjectKind
from orders.privacy.service import personal_data_erase, personal_data_export
from orders.privacy.subjects import SubjectNotFound


class Command(BaseCommand):
    help = "Export or erase one buyer's or artisan's personal data; print the matrix."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase", "matrix"])
        parser.add_argument("--username", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--artisan", type=int, help="the artisan's page id")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", help="write the export here instead of stdout")
        parser.add_argument("--yes", action="store_true", help="erase without asking again")
        parser.add_argument("--by", default="", help="the staff username the audit names")

    def handle(self, *args, **options):
        if options["action"] == "matrix":
            self.stdout.write(matrix_markdown())
            return
        lookup = self._lookup(options)
        actor = self._actor(options["by"])
        try:
            if options["action"] == "export":
                data = personal_data_export(lookup=lookup, actor=actor)
                text = as_json(data) if options["format"] == "json" else as_csv(data)
                if options["output"]:
                    with open(options["output"], "w", encoding="utf-8") as stream:
                        stream.write(text)
                else:
                    self.stdout.write(text)
                return
            if not options["yes"]:
                raise CommandError("Erasure cannot be undone: add --yes to erase.")
            result = personal_data_erase(lookup=lookup, actor=actor)
        except SubjectNotFound:
            raise CommandError("Nobody matches.") from None
        except ErasureRefused:
            raise CommandError("Staff accounts are not erased here: remove their access.") from None
        if result.changed:
            self.stdout.write(f"Erased: {result.counts}")
        else:
            self.stdout.write("There was nothing left to erase.")

    def _lookup(self, options) -> dict:
        if options["artisan"]:
            return {"kind": SubjectKind.ARTISAN, "artisan_id": options["artisan"]}
        if not any(options[name] for name in ("username", "email", "phone")):
            raise CommandError("Give --username, --email, --phone or --artisan.")
        return {
            "kind": SubjectKind.BUYER,
            **{name: options[name] for name in ("username", "email", "phone")},
        }

    def _actor(self, username: str):
        if not username:
            return None
        actor = get_user_model().objects.filter(username=username, is_superuser=True).first()
        if actor is None:
            raise CommandError(f"No platform admin is called {username!r}.")
        return actor
