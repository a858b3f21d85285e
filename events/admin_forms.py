"""The mela page's admin form: date checks and schedule validation with clear errors.

Schedule items are checked together here, because overlap is a property of the whole
schedule: an item must end after it starts, fall on a day of the mela, and not overlap
another item in the same place.
"""

from django.utils.translation import gettext_lazy as _

from catalog.admin_forms import ChoosableImagesPageForm


def _same_place(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


class MelaPageForm(ChoosableImagesPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Optional in the database (melas made before these fields existed), asked for here:
        # the impact page counts melas and visitors by province and district.
        for name in ("province", "district"):
            if name in self.fields:
                self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot be before the first day."))
            end = None
        opening, closing = cleaned.get("opening_time"), cleaned.get("closing_time")
        if opening and closing and closing <= opening:
            self.add_error("closing_time", _("Closing time must be after opening time."))
        open_on, close_on = (
            cleaned.get("applications_open_on"),
            cleaned.get("applications_close_on"),
        )
        if open_on and close_on and close_on < open_on:
            self.add_error(
                "applications_close_on",
                _("Applications cannot close before they open."),
            )
        if close_on and end and close_on > end:
            self.add_error(
                "applications_close_on",
                _("Applications must close by the last day of the mela."),
            )
        formset = self.formsets.get("schedule_items")
        if formset is not None:
            self._validate_schedule(formset, start if end else None, end)
        return cleaned

    def _validate_schedule(self, formset, start, end) -> None:
        formset.is_valid()  # cleans every item form once; errors added below are kept
        kept = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            day, begins, finishes = data.get("day"), data.get("start_time"), data.get("end_time")
            if begins and finishes and finishes <= begins:
                form.add_error("end_time", _("An item must end after it starts."))
                continue
            if day and start and end and not (start <= day <= end):
                form.add_error(
                    "day",
                    _("This day is outside the mela (%(start)s to %(end)s).")
                    % {"start": start.isoformat(), "end": end.isoformat()},
                )
                continue
            if day and begins and finishes:
                kept.append((form, data))
        for index, (form, data) in enumerate(kept):
            for _other_form, other in kept[:index]:
                if (
                    data["day"] == other["day"]
                    and _same_place(data.get("place", ""), other.get("place", ""))
                    and data["start_time"] < other["end_time"]
                    and other["start_time"] < data["end_time"]
                ):
                    form.add_error(
                        "start_time",
                        _(
                            "This overlaps “%(title)s” (%(start)s–%(end)s) in %(place)s "
                            "on the same day."
                        )
                        % {
                            "title": other.get("title", ""),
                            "start": other["start_time"].strftime("%H:%M"),
                            "end": other["end_time"].strftime("%H:%M"),
                            "place": other.get("place", ""),
                        },
                    )
                    break
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            artisan = data.get("artisan")
            if artisan is not None and not data.get("DELETE") and not artisan.specific.is_public:
                form.add_error(
                    "artisan",
                    _(
                        "This artisan has not agreed to be named publicly; "
                        "name the presenters in words instead."
                    ),
                )
