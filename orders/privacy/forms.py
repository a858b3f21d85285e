"""Forms of the personal-data screens: whose data, and the confirmation of an erasure."""

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.privacy.models import SubjectKind


class SubjectForm(forms.Form):
    """One buyer (by account, or the email or phone they ordered with) or one artisan."""

    kind = forms.ChoiceField(label=_("Whose data"), choices=SubjectKind.choices)
    username = forms.CharField(label=_("Account (username)"), required=False, max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=32)
    artisan = forms.IntegerField(label=_("Artisan page id"), required=False, min_value=1)

    def clean(self):
        data = super().clean()
        if data.get("kind") == SubjectKind.ARTISAN and not data.get("artisan"):
            raise forms.ValidationError(
                _("Give the artisan's page id (the number in her page's admin link).")
            )
        if data.get("kind") == SubjectKind.BUYER and not any(
            data.get(name) for name in ("username", "email", "phone")
        ):
            raise forms.ValidationError(_("Give the buyer's account, email or phone."))
        return data

    def lookup(self) -> dict:
        data = self.cleaned_data
        if data["kind"] == SubjectKind.ARTISAN:
            return {"kind": SubjectKind.ARTISAN, "artisan_id": data["artisan"]}
        return {
            "kind": SubjectKind.BUYER,
            "username": data.get("username") or "",
            "email": data.get("email") or "",
            "phone": data.get("phone") or "",
        }


class EraseConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."), required=True)
