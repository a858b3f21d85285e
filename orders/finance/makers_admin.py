"""Admin screens of makers' pay: per maker earned / paid / still owed (with CSV), and the one
screen where a group records several payments to its makers at once.

Groups are reached only through orders.finance.maker_selectors: another group's makers are a
404 (viewing) or a refusal (recording). Registered by orders/wagtail_hooks.py.
"""

import uuid

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from catalog.admin_menu import menu_facts
from catalog.models import ProducerGroupPage
from marketplace.csv_export import csv_download
from orders.finance.ledger_selectors import sees_a_statement_group
from orders.finance.maker_payments import MakerPaymentError, MakerPaymentLine, maker_payments_record
from orders.finance.maker_selectors import (
    maker_accounts,
    maker_payment_groups_for_user,
    maker_payments_of_group,
    maker_statement_groups_for_user,
)
from orders.models import MakerPaymentMethod

PAYMENTS_SHOWN = 20


class MakerPaymentsForm(forms.Form):
    """Date, method and reference once; an amount for each maker (empty: not paid now)."""

    paid_on = forms.DateField(
        label=gettext_lazy("Paid on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=MakerPaymentMethod.choices)
    reference = forms.CharField(
        label=gettext_lazy("Reference (optional)"), max_length=80, required=False
    )
    batch_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.accounts = [account for account in accounts if account.artisan_id]
        for account in self.accounts:
            self.fields[f"amount_{account.artisan_id}"] = forms.DecimalField(
                label=account.name,
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
            )

    def amount_field(self, account):
        name = f"amount_{account.artisan_id}"
        return self[name] if name in self.fields else None

    def lines(self) -> list[MakerPaymentLine]:
        return [
            MakerPaymentLine(account.artisan_id, self.cleaned_data[f"amount_{account.artisan_id}"])
            for account in self.accounts
            if self.cleaned_data.get(f"amount_{account.artisan_id}")
        ]


def _group_or_404(request, group_id: int) -> ProducerGroupPage:
    try:
        return maker_statement_groups_for_user(request.user).get(pk=group_id)
    except ProducerGroupPage.DoesNotExist:
        raise Http404(_("No makers here.")) from None


def makers_index(request):
    groups = list(maker_statement_groups_for_user(request.user).order_by("title"))
    if len(groups) == 1:
        return redirect("makers_pay_group", group_id=groups[0].pk)
    return TemplateResponse(
        request,
        "orders/makers/index.html",
        {"groups": groups, "page_title": _("Makers' pay"), "header_icon": "user"},
    )


def makers_group(request, group_id: int):
    group = _group_or_404(request, group_id)
    accounts = maker_accounts(group)
    can_record = maker_payment_groups_for_user(request.user).filter(pk=group.pk).exists()
    form = None
    if can_record:
        if request.method == "POST":
            form = MakerPaymentsForm(request.POST, accounts=accounts)
            if form.is_valid():
                try:
                    payments = maker_payments_record(
                        group_id=group.pk,
                        by=request.user,
                        paid_on=form.cleaned_data["paid_on"],
                        method=form.cleaned_data["method"],
                        reference=form.cleaned_data["reference"],
                        batch_token=form.cleaned_data["batch_token"],
                        lines=form.lines(),
                    )
                except MakerPaymentError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(
                        request,
                        _("%(count)d payments to makers recorded.") % {"count": len(payments)},
                    )
                    return redirect("makers_pay_group", group_id=group.pk)
        else:
            form = MakerPaymentsForm(
                accounts=accounts,
                initial={"paid_on": timezone.localdate(), "batch_token": uuid.uuid4()},
            )
    elif request.method == "POST":
        raise Http404(_("No makers here."))
    return TemplateResponse(
        request,
        "orders/makers/group.html",
        {
            "group": group,
            "rows": [
                (account, form.amount_field(account) if form else None) for account in accounts
            ],
            "form": form,
            "payments": maker_payments_of_group(group)[:PAYMENTS_SHOWN],
            "page_title": _("Makers' pay"),
            "page_subtitle": group.title,
            "header_icon": "user",
        },
    )


@require_safe
def makers_group_csv(request, group_id: int):
    group = _group_or_404(request, group_id)
    response, writer = csv_download(f"makers-{group.slug}-{timezone.localdate():%Y-%m-%d}")
    writer.writerow([_("Maker"), _("Pieces"), _("Earned"), _("Paid"), _("Still owed")])
    for account in maker_accounts(group):
        writer.writerow([account.name, account.pieces, account.earned, account.paid, account.owed])
    return response


@hooks.register("register_admin_urls")
def register_maker_pay_urls():
    return [
        path("makers-pay/", makers_index, name="makers_pay"),
        path("makers-pay/<int:group_id>/", makers_group, name="makers_pay_group"),
        path("makers-pay/<int:group_id>/csv/", makers_group_csv, name="makers_pay_group_csv"),
    ]


class MakersPayMenuItem(MenuItem):
    def is_shown(self, request):
        # maker_statement_groups_for_user(user).exists(), from the request's menu facts
        return sees_a_statement_group(request.user, menu_facts(request))


@hooks.register("register_admin_menu_item")
def register_makers_pay_menu_item():
    return MakersPayMenuItem(
        gettext_lazy("Makers' pay"), reverse("makers_pay"), icon_name="user", order=246
    )
