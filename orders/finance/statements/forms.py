"""The statement period: optional dates, inclusive, in the site's time zone (the dashboards'
and exports' own date range, marketplace.date_range)."""

from datetime import datetime

from marketplace.date_range import DateRangeForm


class StatementPeriodForm(DateRangeForm):
    """From and until dates of a statement; both optional, bad values are reported."""

    def period_bounds(self) -> tuple[datetime | None, datetime | None]:
        """[start, end) as aware datetimes; (None, None) for all time or an invalid form."""
        period = super().period()
        return period.start, period.end
