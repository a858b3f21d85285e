"""The application form (public, and again from the private link to make changes) and the
moderator's request for changes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import CraftCategory, NetworkApplication
from catalog.network.services import ApplicationDetails, Document
from catalog.network.uploads import MAX_DOCUMENTS, document_checked
from marketplace.local_input import LocalIntegerField, PhoneNumberField


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(each, initial) for each in files]


class NetworkApplicationForm(forms.ModelForm):
    member_count = LocalIntegerField(label=_("Number of members"), min_value=1, max_value=1_000_000)
    contact_phone = PhoneNumberField(label=_("Contact phone"))
    crafts = forms.ModelMultipleChoiceField(
        label=_("Crafts"),
        queryset=CraftCategory.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    documents = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=_(
            "Registration certificate, constitution or member list: PDF, JPEG or PNG, "
            "up to 5 files."
        ),
    )

    class Meta:
        model = NetworkApplication
        fields = [
            "name",
            "kind",
            "country",
            "province",
            "district",
            "member_count",
            "crafts",
            "about",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {"about": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, existing_documents: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_documents = existing_documents

    def clean_documents(self) -> list[Document]:
        files = self.cleaned_data.get("documents") or []
        if len(files) + self.existing_documents > MAX_DOCUMENTS:
            raise forms.ValidationError(
                _("Send at most %(count)d documents.") % {"count": MAX_DOCUMENTS}
            )
        checked = []
        errors = []
        for uploaded in files:
            try:
                file, content_type = document_checked(uploaded)
            except forms.ValidationError as error:
                errors.extend(error.messages)
            else:
                checked.append(Document(file=file, content_type=content_type))
        if errors:
            raise forms.ValidationError(errors)
        return checked

    def details(self) -> ApplicationDetails:
        data = self.cleaned_data
        return ApplicationDetails(
            name=data["name"].strip(),
            kind=data["kind"],
            country=data["country"],
            province=data["province"].strip(),
            district=data["district"].strip(),
            member_count=data["member_count"],
            about=data["about"].strip(),
            contact_name=data["contact_name"].strip(),
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
        )


class RequestChangesForm(forms.Form):
    message = forms.CharField(
        label=_("What needs to change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant reads this, with a link to change the application."),
    )
