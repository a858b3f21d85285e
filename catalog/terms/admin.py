"""The *Commercial terms* admin: every group's terms (filter by status, search by name),
an edit screen for platform staff and a read-only page with the change history.

Who sees what is the permission policy below plus terms_for_user: platform staff
(catalog.manage_commercial_terms) edit; finance (orders.manage_payouts) see every group's and
confirm proposed accounts (catalog.terms.views); a group's staff see only their own group's,
read-only, the account number masked. Saving calls the services: commission and status at
once, a changed payout account only as a proposal.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy

from catalog.models import PayoutAccountChange, ProducerGroupTerms
from catalog.models.terms import PAYOUT_ACCOUNT_FIELDS, PayoutAccountChangeStatus
from catalog.terms.selectors import manages_terms, sees_all_terms, terms_for_user
from catalog.terms.services import TermsError, payout_account_propose, terms_update
from marketplace.admin_listings import ContentColumn


def is_group_staff(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.groups.filter(producer_group_page__isnull=False).exists()
    )


class CommercialTermsPermissionPolicy(BasePermissionPolicy):
    """Change: platform staff. View: platform staff, finance, and group staff (own group only,
    through terms_for_user). Nobody adds or deletes terms: a group's provisioning makes them."""

    def user_has_permission(self, user, action):
        if action == "change":
            return manages_terms(user)
        if action == "view":
            return sees_all_terms(user) or is_group_staff(user)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and terms_for_user(user).filter(pk=instance.pk).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return ProducerGroupTerms.objects.none()
        return terms_for_user(user)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.none()


class TermsEditForm(WagtailAdminModelForm):
    """Status and commission, saved at once; the account fields, proposed for confirmation."""

    note = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=200,
        help_text=_("Kept in the history of these terms."),
    )

    class Meta:
        model = ProducerGroupTerms
        fields = ["verification_status", "commission_rate", *PAYOUT_ACCOUNT_FIELDS]


class TermsIndexView(IndexView):
    def get_base_queryset(self):
        pending = PayoutAccountChange.objects.filter(
            terms=OuterRef("pk"), status=PayoutAccountChangeStatus.PENDING
        )
        return (
            terms_for_user(self.request.user)
            .annotate(has_pending_account_change=Exists(pending))
            .order_by("group__title")
        )


def _visible_terms_or_404(view, pk):
    try:
        return terms_for_user(view.request.user).get(pk=pk)
    except (ProducerGroupTerms.DoesNotExist, ValueError):
        raise Http404(gettext("No commercial terms found.")) from None


class TermsEditView(EditView):
    def get_object(self, queryset=None):
        return _visible_terms_or_404(self, self.object_pk)

    def save_instance(self):
        data = self.form.cleaned_data
        user = self.request.user
        terms = terms_update(
            group_id=self.object.pk,
            by=user,
            verification_status=data["verification_status"],
            commission_rate=data["commission_rate"],
            note=data.get("note", ""),
        )
        account = {name: data.get(name, "") for name in PAYOUT_ACCOUNT_FIELDS}
        current = ProducerGroupTerms.objects.get(pk=terms.pk)
        if account != current.account_values():
            change = payout_account_propose(group_id=terms.pk, by=user, **account)
            self.account_proposed = change is not None
        return current

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except TermsError as error:
            form.add_error(None, str(error))
            self.produced_error_message = str(error)
            return self.form_invalid(form)

    def get_success_message(self):
        if getattr(self, "account_proposed", False):
            return gettext(
                "Terms of %(group)s saved. The new payout account waits for a second finance "
                "user to confirm it; until then payouts go to the confirmed account."
            ) % {"group": self.object}
        return gettext("Terms of %(group)s saved.") % {"group": self.object}


class TermsInspectView(InspectView):
    template_name = "catalog/terms/inspect.html"

    def get_object(self, queryset=None):
        return _visible_terms_or_404(self, self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        terms = self.object
        context["changes"] = terms.changes.select_related("changed_by")[:100]
        context["account_changes"] = terms.account_changes.select_related(
            "proposed_by", "decided_by"
        ).order_by("-proposed_at", "-pk")[:20]
        context["can_confirm"] = sees_all_terms(self.request.user)
        return context


class CommercialTermsViewSet(ModelViewSet):
    model = ProducerGroupTerms
    icon = "table"
    menu_label = _("Commercial terms")
    menu_order = 320
    add_to_admin_menu = True
    index_view_class = TermsIndexView
    edit_view_class = TermsEditView
    inspect_view_class = TermsInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        ContentColumn(
            "group", label=_("Producer group"), accessor="group", sort_key="group__title"
        ),
        "verification_status",
        "commission_rate",
        "payout_method",
        Column("masked_account_number", label=_("Account (last 4)")),
        BooleanColumn("has_pending_account_change", label=_("Account change awaiting")),
    ]
    list_filter = ["verification_status", "payout_method"]
    search_fields = ["group__title"]
    search_backend_name = None
    inspect_view_fields = [
        "group",
        "verification_status",
        "commission_rate",
        "payout_method",
        "payout_account_title",
        "masked_account_number",
        "payout_bank_name",
        "masked_stripe_account",
        "account_confirmed_at",
        "account_confirmed_by",
    ]

    def get_form_class(self, for_update=False):
        return TermsEditForm
