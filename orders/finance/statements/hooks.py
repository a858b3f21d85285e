"""Admin registration of the statements: URLs and the "Statements" menu item.

Imported by orders/wagtail_hooks.py (the module Wagtail loads), so registering happens there.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from catalog.admin_menu import menu_facts
from orders.finance.ledger_selectors import sees_a_statement_group
from orders.finance.statements import views
from orders.finance.statements.listing import StatementIndexView


@hooks.register("register_admin_urls")
def register_statement_urls():
    return [
        path("statements/", StatementIndexView.as_view(), name="statements"),
        path(
            "statements/results/",
            StatementIndexView.as_view(results_only=True),
            name="statements_results",
        ),
        path("statements/<int:group_id>/", views.statement_detail, name="statements_group"),
        path("statements/<int:group_id>/csv/", views.statement_csv, name="statements_group_csv"),
        path(
            "statements/<int:group_id>/print/",
            views.statement_printable,
            name="statements_group_print",
        ),
    ]


class StatementsMenuItem(MenuItem):
    def is_shown(self, request):
        return sees_a_statement_group(request.user, menu_facts(request))


@hooks.register("register_admin_menu_item")
def register_statements_menu_item():
    return StatementsMenuItem(
        _("Statements"), reverse("statements"), icon_name="doc-full", order=245
    )
