"""Buyer account forms: sign-up and saved addresses. Passwords go through Django's validators."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _

from marketplace.forms import StorefrontFormMixin
from marketplace.local_input import PhoneNumberField
from orders.accounts.address_forms import PostalAddressForm
from orders.models import SavedAddress


def password_help_text() -> str:
    # Plain sentences: Django's default is an HTML list, which a <p> cannot hold.
    return " ".join(password_validators_help_texts())


class SignUpForm(StorefrontFormMixin, auth_forms.UserCreationForm):
    """A username and a password; an email address is optional (it lets the buyer reset a
    forgotten password), because many buyers have a phone and no email."""

    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_(
            "Only used to send you a link if you forget your password. We email you to confirm."
        ),
    )

    class Meta(auth_forms.UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = _(
            "Letters, digits and @ . + - _ only; you log in with it."
        )
        self.fields["username"].widget.attrs.update(autocomplete="username")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["password1"].help_text = password_help_text()

    # No check that the email is unused: saying so would tell anyone which addresses have
    # accounts. orders.accounts.buyer_accounts handles an address already in use.


class SavedAddressForm(StorefrontFormMixin, PostalAddressForm, forms.ModelForm):
    """A saved address is for delivery: its address fields are all required (the model too)."""

    contact_phone = PhoneNumberField(label=_("Mobile number"))

    class Meta:
        model = SavedAddress
        fields = (
            "label",
            "contact_name",
            "contact_phone",
            "province",
            "city",
            "address_line1",
            "address_line2",
            "postal_code",
        )
        labels = {
            "contact_name": _("Full name"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.postal_address_require()


class LoginForm(StorefrontFormMixin, auth_forms.AuthenticationForm):
    pass


class PasswordResetForm(StorefrontFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(StorefrontFormMixin, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_help_text()
