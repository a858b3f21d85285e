"""Django's own strings that buyers see on the storefront and that Django ships no Urdu for.

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
