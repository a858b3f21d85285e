"""The statement period: optional dates, inclusive, in the site's time zone."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StatementPeriodForm(forms.Form):
    """From and until dates of a statement; both optional, bad values are reported."""

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

    def period(self) -> tuple[datetime | None, datetime | None]:
        """[start, end) as aware datetimes; (None, None) for all time or an invalid form."""
        if not self.is_valid():
            return None, None
        start, end = self.cleaned_data["date_from"], self.cleaned_data["date_to"]
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(start, time.min, tzinfo=zone) if start else None,
            datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone) if end else None,
        )
