"""When a mela's exhibitors may record stall sales: on the mela's days, in Pakistan time (or
from the day before, if the organisers opened them early for setting up)."""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from events.models import MelaPage


def stall_sales_closed_reason(*, mela: MelaPage, day: date) -> str | None:
    """Why stall sales cannot be recorded on `day`, or None when they can."""
    first, last = mela.stall_sales_first_day, mela.end_date
    if day < first:
        return _("Stall sales open on %(day)s. Come back then to record sales.") % {
            "day": formats.date_format(first, "DATE_FORMAT")
        }
    if day > last:
        return _("This mela ended on %(day)s: stall sales are closed.") % {
            "day": formats.date_format(last, "DATE_FORMAT")
        }
    return None
