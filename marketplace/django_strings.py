"""Django's own strings that people see (buyers on the storefront, staff in the admin) and that
Django ships no Urdu for.

Named here so that `makemessages` puts them in the project's catalogue, whose Urdu then
takes precedence over Django's (LOCALE_PATHS come first). Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_STOREFRONT_STRINGS = (
    gettext_noop("username"),  # the User model's field, shown as "Username"
    gettext_noop("Password confirmation"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
)

# django.utils.timesince, behind "1 minute ago" in the admin's date columns ("Updated").
DJANGO_TIMESINCE_STRINGS = (
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
)
