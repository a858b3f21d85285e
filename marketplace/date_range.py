"""A date range chosen on a dashboard or export: whole days in the site's time zone, both ends
optional and inclusive on screen, [start, end) as aware datetimes underneath."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Period:
    """[start, end) as aware datetimes; None leaves that side open."""

    start: datetime | None = None
    end: datetime | None = None

    @classmethod
    def of_days(cls, first: date | None, last: date | None) -> "Period":
        """From the start of `first` to the end of `last` (inclusive), site time."""
        zone = timezone.get_current_timezone()
        return cls(
            start=datetime.combine(first, time.min, tzinfo=zone) if first else None,
            end=datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone) if last else None,
        )

    def recorded_in(self, field: str = "created_at") -> Q:
        condition = Q()
        if self.start is not None:
            condition &= Q(**{f"{field}__gte": self.start})
        if self.end is not None:
            condition &= Q(**{f"{field}__lt": self.end})
        return condition

    def recorded_before_end(self, field: str = "created_at") -> Q:
        return Q() if self.end is None else Q(**{f"{field}__lt": self.end})


class DateRangeForm(forms.Form):
    """From and until dates (both optional); an invalid range is reported, not guessed."""

    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("The period must start before it ends."))
        return cleaned

    def period(self) -> Period:
        """The chosen period; all time for an empty or invalid form."""
        if not self.is_valid():
            return Period()
        return Period.of_days(self.cleaned_data["date_from"], self.cleaned_data["date_to"])


def period_from_params(params) -> Period:
    """The period of an export's params ({"date_from": "2026-01-01", ...})."""
    first, last = params.get("date_from"), params.get("date_to")
    return Period.of_days(
        date.fromisoformat(first) if first else None, date.fromisoformat(last) if last else None
    )
